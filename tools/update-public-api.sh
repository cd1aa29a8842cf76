#!/usr/bin/env bash
# Records a deliberate change of Harvest.Engine's public API: symbols the analyzer reports as new (RS0016) go to
# PublicAPI.Unshipped.txt, symbols it reports as gone (RS0017) are taken out of both files. Review the diff.
set -euo pipefail
cd "$(dirname "$0")/../src/Harvest.Engine"
log=$(dotnet build --no-incremental 2>&1 || true)
added=$(grep "RS0016" <<<"$log" | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
removed=$(grep "RS0017" <<<"$log" | sed -E "s/.*Symbol '(.*)' is part of the declared API.*/\1/" | sort -u || true)
for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
  { echo '#nullable enable'; tail -n +2 "$file" | grep -vxF -f <(printf '%s\n' "$removed") || true; } > "$file.new"
  mv "$file.new" "$file"
done
if [ -n "$added" ]; then
  { echo '#nullable enable'; { tail -n +2 PublicAPI.Unshipped.txt; printf '%s\n' "$added"; } | sed '/^$/d' | sort -u; } > PublicAPI.Unshipped.txt.new
  mv PublicAPI.Unshipped.txt.new PublicAPI.Unshipped.txt
fi
echo "added: $(printf '%s' "$added" | grep -c . || true), removed: $(printf '%s' "$removed" | grep -c . || true)"
