using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Harvest.Engine.Http;

/// <summary>How politely and how persistently Harvest talks to remote servers.</summary>
public sealed record HttpPolicy
{
    /// <summary>Time allowed for a response's headers, and for each read of its body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and failed connections.</summary>
    public int Retries { get; init; } = 2;
    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>The longest wait Harvest accepts from a Retry-After header or from backoff.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Time allowed for a whole response body to arrive, however steadily it trickles in.</summary>
    public TimeSpan DocumentTimeout { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>What one call adds to the policy: credentials and the rate limit of the source it is made for.</summary>
public sealed record HttpCallOptions
{
    /// <summary>Sent as the Authorization header as it is (CKAN's API key or token). Never logged nor put in messages.</summary>
    public string? Authorization { get; init; }
    /// <summary>Requests made with the same key share one rate limit (a source id).</summary>
    public string? RateLimitKey { get; init; }
    /// <summary>Requests per second allowed for <see cref="RateLimitKey"/>; null or 0 for no limit.</summary>
    public double? RequestsPerSecond { get; init; }
    /// <summary>The User-Agent header to send instead of Harvest's own (a source's <c>user_agent</c>).</summary>
    public string? UserAgent { get; init; }
    /// <summary>The Accept header to send (e.g. XML for a CSW or HTML for a folder listing); null prefers JSON.</summary>
    public string? Accept { get; init; }
    /// <summary>
    /// Validators of the copy Harvest already has (conditional GET): sent as If-None-Match / If-Modified-Since, and a 304
    /// answer is then returned to the caller like a success instead of failing.
    /// </summary>
    public DocumentValidators? IfChanged { get; init; }
}

/// <summary>
/// Every HTTP request Harvest makes goes through here: one shared client (gzip, User-Agent, connect timeout),
/// a timeout for the headers and for each read, retries with exponential backoff on 429, 5xx, timeouts and
/// failed connections (honouring Retry-After), a per-source rate limit and a cap on the size of a response.
/// Every failure names the method, the URL and, when there was one, the HTTP status.
/// </summary>
public sealed class HarvestHttpClient(HttpClient client, HttpPolicy policy, long maxBytes)
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>The size of the last JSON document read whole, the first guess for the next one's.</summary>
    private long _lastJsonLength;

    public HttpPolicy Policy { get; } = policy;
    public long MaxBytes { get; } = maxBytes;

    /// <summary>
    /// Sends a GET and returns the response once its headers arrived with a success status; the caller owns it.
    /// Only the request is retried: a failure while the caller reads the body is the caller's to report. With
    /// <see cref="HttpCallOptions.IfChanged"/>, a 304 Not Modified is returned too.
    /// </summary>
    public Task<HttpResponseMessage> GetResponseAsync(Uri uri, HttpCallOptions? options, CancellationToken cancellationToken) =>
        WithRetriesAsync(new Call(HttpMethod.Get, uri, null, null), options, (response, _) => Task.FromResult(response), disposeOnSuccess: false, cancellationToken);

    /// <summary>
    /// Sends a POST of <paramref name="body"/> (UTF-8, as <paramref name="mediaType"/>) and returns the response once its
    /// headers arrived with a success status; the caller owns it. For protocols that query by POST (OGC CSW's GetRecords):
    /// the request is retried like a GET, so it must be safe to repeat.
    /// </summary>
    public Task<HttpResponseMessage> PostResponseAsync(Uri uri, string body, string mediaType, HttpCallOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        return WithRetriesAsync(new Call(HttpMethod.Post, uri, body, mediaType), options, (response, _) => Task.FromResult(response), disposeOnSuccess: false, cancellationToken);
    }

    /// <summary>GETs a JSON document, read whole (within the size cap) and parsed; retried as a whole.</summary>
    public Task<JsonDocument> GetJsonAsync(Uri uri, HttpCallOptions? options, CancellationToken cancellationToken) =>
        WithRetriesAsync(new Call(HttpMethod.Get, uri, null, null), options, async (response, token) =>
        {
            await using var body = await OpenBodyAsync(response, uri, token);
            try
            {
                return await JsonDocument.ParseAsync(body, cancellationToken: token);
            }
            catch (JsonException e)
            {
                throw NotJson(uri, e);
            }
        }, disposeOnSuccess: true, cancellationToken);

    /// <summary>
    /// GETs a JSON document, read whole (within the size cap) and parsed, and returns what <paramref name="read"/> takes
    /// from it (copied out: the document is disposed once <paramref name="read"/> returns); retried as a whole. Cheaper
    /// on memory than the overload that returns the document, for callers that read many documents of similar size.
    /// </summary>
    public Task<T> GetJsonAsync<T>(Uri uri, HttpCallOptions? options, Func<JsonDocument, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return WithRetriesAsync(new Call(HttpMethod.Get, uri, null, null), options, async (response, token) =>
        {
            await using var body = await OpenBodyAsync(response, uri, token);
            using var whole = await WholeBody.ReadAsync(body, response.Content.Headers.ContentLength ?? Volatile.Read(ref _lastJsonLength), token);
            Volatile.Write(ref _lastJsonLength, whole.Length);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(whole.Memory);
            }
            catch (JsonException e)
            {
                throw NotJson(uri, e);
            }
            using (document) return read(document);
        }, disposeOnSuccess: true, cancellationToken);
    }

    private static RemoteDocumentException NotJson(Uri uri, JsonException e) =>
        new($"GET {uri}: the response is not valid JSON: {e.Message}", e);

    /// <summary>The body of a response, with the read timeout and the size cap applied.</summary>
    public async Task<Stream> OpenBodyAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        var method = response.RequestMessage?.Method.Method ?? "GET";
        if (response.Content.Headers.ContentLength > MaxBytes)
            throw new RemoteDocumentException(
                $"{method} {uri}: the document is {response.Content.Headers.ContentLength:N0} bytes, larger than the size cap of {MaxBytes:N0} bytes (setting max_document_bytes)");
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new ResponseStream(body, uri, Policy.Timeout, MaxBytes, method: method, documentTimeout: Policy.DocumentTimeout);
    }

    /// <summary>One request as it is sent on each attempt: a GET, or a POST with its body.</summary>
    private sealed record Call(HttpMethod Method, Uri Uri, string? Body, string? MediaType);

    private async Task<T> WithRetriesAsync<T>(
        Call call, HttpCallOptions? options, Func<HttpResponseMessage, CancellationToken, Task<T>> onSuccess, bool disposeOnSuccess,
        CancellationToken cancellationToken)
    {
        var attempts = Math.Max(0, Policy.Retries) + 1;
        for (var attempt = 1; ; attempt++)
        {
            await WaitForRateLimitAsync(options, cancellationToken);
            TimeSpan? retryAfter = null;
            Exception failure;
            HttpResponseMessage? response = null;
            try
            {
                response = await SendOnceAsync(call, options, cancellationToken);
                if (response.IsSuccessStatusCode || (response.StatusCode == HttpStatusCode.NotModified && options?.IfChanged is not null))
                {
                    try
                    {
                        var result = await onSuccess(response, cancellationToken);
                        if (disposeOnSuccess) response.Dispose();
                        return result;
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                }
                var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                var transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                retryAfter = RetryAfter(response);
                response.Dispose();
                failure = new RemoteDocumentException($"{call.Method} {call.Uri} returned HTTP {status}", statusCode: (int)response.StatusCode);
                if (!transient) throw failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (RemoteDocumentException e) when (e.Transient)
            {
                failure = e;
            }
            catch (HttpRequestException e)
            {
                failure = new RemoteDocumentException($"{call.Method} {call.Uri} failed: {e.Message}", e, transient: true);
            }
            catch (TaskCanceledException e)
            {
                failure = new RemoteDocumentException($"{call.Method} {call.Uri} timed out after {Policy.Timeout.TotalSeconds:0.##} s", e, transient: true);
            }

            if (attempt >= attempts)
                throw attempts == 1 ? failure : new RemoteDocumentException($"{failure.Message} (gave up after {attempts} attempts)", failure,
                    statusCode: (failure as RemoteDocumentException)?.StatusCode);
            var backoff = TimeSpan.FromTicks(Policy.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)));
            var delay = retryAfter is { } asked && asked > backoff ? asked : backoff;
            await Task.Delay(delay > Policy.MaxRetryDelay ? Policy.MaxRetryDelay : delay, cancellationToken);
        }
    }

    /// <summary>Redirects followed for one request; more means a loop or a misconfigured server.</summary>
    public const int MaxRedirects = 10;

    /// <summary>
    /// Sends the request and follows redirects itself (the handler does not): only to http or https, never from https
    /// down to http, at most <see cref="MaxRedirects"/>, and credentials only to the origin they were meant for. A redirect
    /// it will not follow is an error naming the URL asked for and where it was sent. A POST redirected with 301, 302 or
    /// 303 becomes a GET, as browsers do; 307 and 308 keep the method and the body.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(Call call, HttpCallOptions? options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Policy.Timeout);
        var uri = call.Uri;
        var target = call;
        for (var redirects = 0; ; redirects++)
        {
            using var request = Request(target, options, withCredentials: SameOrigin(uri, target.Uri));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
                return response;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(target.Uri, location);
            var hop = target.Uri == uri ? "" : $" (by way of {target.Uri})";
            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                throw new RemoteDocumentException(
                    $"{call.Method} {uri} was redirected{hop} to {next}, which is not an http or https URL: Harvest follows redirects to http(s) only",
                    statusCode: status);
            if (target.Uri.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
                throw new RemoteDocumentException($"{call.Method} {uri} was redirected{hop} from https to plain http ({next}): Harvest does not follow that downgrade",
                    statusCode: status);
            if (redirects == MaxRedirects)
                throw new RemoteDocumentException($"{call.Method} {uri}: too many redirects (more than {MaxRedirects}; the last one to {next})",
                    statusCode: status);
            target = status is 307 or 308 ? target with { Uri = next } : new Call(HttpMethod.Get, next, null, null);
        }
    }

    private static HttpRequestMessage Request(Call call, HttpCallOptions? options, bool withCredentials)
    {
        var request = new HttpRequestMessage(call.Method, call.Uri);
        if (call.Body is not null) request.Content = new StringContent(call.Body, Encoding.UTF8, call.MediaType!);
        if (!string.IsNullOrWhiteSpace(options?.Accept))
            request.Headers.TryAddWithoutValidation("Accept", options.Accept);
        else
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
        }
        if (options?.IfChanged is { } known)
        {
            if (known.ETag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", known.ETag);
            if (known.LastModified is not null) request.Headers.TryAddWithoutValidation("If-Modified-Since", known.LastModified);
        }
        if (withCredentials && !string.IsNullOrEmpty(options?.Authorization))
            request.Headers.TryAddWithoutValidation("Authorization", options.Authorization);
        if (!string.IsNullOrWhiteSpace(options?.UserAgent))
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        }
        return request;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private Task WaitForRateLimitAsync(HttpCallOptions? options, CancellationToken cancellationToken)
    {
        if (options?.RateLimitKey is null || options.RequestsPerSecond is not > 0) return Task.CompletedTask;
        var limiter = _limiters.GetOrAdd(options.RateLimitKey, _ => new RateLimiter());
        return limiter.WaitAsync(TimeSpan.FromSeconds(1 / options.RequestsPerSecond.Value), cancellationToken);
    }

    /// <summary>Spaces requests at least one interval apart; callers queue for the next free slot.</summary>
    private sealed class RateLimiter
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = DateTimeOffset.UtcNow;
                var slot = _next > now ? _next : now;
                _next = slot + interval;
                wait = slot - now;
            }
            return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
        }
    }

    /// <summary>A response body that turns stalls, broken connections and oversize bodies into clear errors.</summary>
    internal sealed class ResponseStream(
        Stream body, Uri uri, TimeSpan timeout, long maxBytes, IDisposable? owner = null, string method = "GET", TimeSpan? documentTimeout = null)
        : ReadOnlyForwardStream(body)
    {
        private long _read;
        private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // A server that sends a byte now and then never trips the per-read timeout: the whole body has a deadline too.
            if (documentTimeout is { } limit && _since.Elapsed > limit)
                throw new RemoteDocumentException(
                    $"{method} {uri}: the document did not arrive within {limit.TotalSeconds:0.##} s ({_read:N0} bytes so far; setting http_document_timeout_seconds)");
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Which limit ends this read is decided here: a timer may fire a little before a stopwatch says it is due.
            var untilDeadline = documentTimeout is { } whole ? whole - _since.Elapsed : TimeSpan.MaxValue;
            var deadlineFirst = untilDeadline < timeout;
            readTimeout.CancelAfter(deadlineFirst ? TimeSpan.FromTicks(Math.Max(0, untilDeadline.Ticks)) + TimeSpan.FromMilliseconds(1) : timeout);
            int n;
            try
            {
                n = await Inner.ReadAsync(buffer, readTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (deadlineFirst)
                    throw new RemoteDocumentException(
                        $"{method} {uri}: the document did not arrive within {documentTimeout!.Value.TotalSeconds:0.##} s ({_read:N0} bytes so far; setting http_document_timeout_seconds)", e);
                throw new RemoteDocumentException($"{method} {uri}: no data for {timeout.TotalSeconds:0.##} s while reading the response", e, transient: true);
            }
            catch (IOException e)
            {
                throw new RemoteDocumentException($"{method} {uri}: the connection failed while reading the response: {e.Message}", e, transient: true);
            }
            _read += n;
            if (_read > maxBytes)
                throw new RemoteDocumentException($"{method} {uri}: the document is larger than the size cap of {maxBytes:N0} bytes (setting max_document_bytes)");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) owner?.Dispose();
        }
    }
}
