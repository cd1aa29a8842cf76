#!/usr/bin/env node
// Usage: node check.js SCHEMA_DIR federal|non-federal CATALOG.json
// Prints one JSON array on stdout: for each record of the catalog's "dataset" array (or of a bare array, or a
// single record), in order, {"index": i, "identifier": ..., "valid": true|false, "errors": [...]}.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [schemaDir, profile, catalogPath] = process.argv.slice(2);
if (!schemaDir || !['federal', 'non-federal'].includes(profile) || !catalogPath) {
  process.stderr.write('usage: node check.js SCHEMA_DIR federal|non-federal CATALOG.json\n');
  process.exit(2);
}

const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, `${profile === 'federal' ? 'federal' : 'non-federal'}_dataset.json`), 'utf8'));
const validate = ajv.compile(schema);

let text = fs.readFileSync(catalogPath, 'utf8');
if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
const document = JSON.parse(text);
const records = Array.isArray(document) ? document : Array.isArray(document.dataset) ? document.dataset : [document];

const results = records.map((record, index) => {
  const valid = validate(record);
  return {
    index,
    identifier: record && typeof record === 'object' ? record.identifier ?? null : null,
    valid,
    errors: valid ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`),
  };
});
process.stdout.write(JSON.stringify(results));
