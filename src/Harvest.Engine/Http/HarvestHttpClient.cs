using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
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

    public HttpPolicy Policy { get; } = policy;
    public long MaxBytes { get; } = maxBytes;

    /// <summary>
    /// Sends a GET and returns the response once its headers arrived with a success status; the caller owns it.
    /// Only the request is retried: a failure while the caller reads the body is the caller's to report.
    /// </summary>
    public Task<HttpResponseMessage> GetResponseAsync(Uri uri, HttpCallOptions? options, CancellationToken cancellationToken) =>
        WithRetriesAsync(uri, options, (response, _) => Task.FromResult(response), disposeOnSuccess: false, cancellationToken);

    /// <summary>GETs a JSON document, read whole (within the size cap) and parsed; retried as a whole.</summary>
    public Task<JsonDocument> GetJsonAsync(Uri uri, HttpCallOptions? options, CancellationToken cancellationToken) =>
        WithRetriesAsync(uri, options, async (response, token) =>
        {
            await using var body = await OpenBodyAsync(response, uri, token);
            try
            {
                return await JsonDocument.ParseAsync(body, cancellationToken: token);
            }
            catch (JsonException e)
            {
                throw new RemoteDocumentException($"GET {uri}: the response is not valid JSON: {e.Message}", e);
            }
        }, disposeOnSuccess: true, cancellationToken);

    /// <summary>The body of a response, with the read timeout and the size cap applied.</summary>
    public async Task<Stream> OpenBodyAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
            throw new RemoteDocumentException(
                $"GET {uri}: the document is {response.Content.Headers.ContentLength:N0} bytes, larger than the size cap of {MaxBytes:N0} bytes (setting max_document_bytes)");
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new ResponseStream(body, uri, Policy.Timeout, MaxBytes);
    }

    private async Task<T> WithRetriesAsync<T>(
        Uri uri, HttpCallOptions? options, Func<HttpResponseMessage, CancellationToken, Task<T>> onSuccess, bool disposeOnSuccess,
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
                response = await SendOnceAsync(uri, options, cancellationToken);
                if (response.IsSuccessStatusCode)
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
                failure = new RemoteDocumentException($"GET {uri} returned HTTP {status}", statusCode: (int)response.StatusCode);
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
                failure = new RemoteDocumentException($"GET {uri} failed: {e.Message}", e, transient: true);
            }
            catch (TaskCanceledException e)
            {
                failure = new RemoteDocumentException($"GET {uri} timed out after {Policy.Timeout.TotalSeconds:0.##} s", e, transient: true);
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
    /// it will not follow is an error naming the URL asked for and where it was sent.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(Uri uri, HttpCallOptions? options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Policy.Timeout);
        var target = uri;
        for (var redirects = 0; ; redirects++)
        {
            using var request = Request(target, options, withCredentials: SameOrigin(uri, target));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
                return response;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(target, location);
            var hop = target == uri ? "" : $" (by way of {target})";
            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                throw new RemoteDocumentException(
                    $"GET {uri} was redirected{hop} to {next}, which is not an http or https URL: Harvest follows redirects to http(s) only",
                    statusCode: (int)response.StatusCode);
            if (target.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
                throw new RemoteDocumentException($"GET {uri} was redirected{hop} from https to plain http ({next}): Harvest does not follow that downgrade",
                    statusCode: (int)response.StatusCode);
            if (redirects == MaxRedirects)
                throw new RemoteDocumentException($"GET {uri}: too many redirects (more than {MaxRedirects}; the last one to {next})",
                    statusCode: (int)response.StatusCode);
            target = next;
        }
    }

    private static HttpRequestMessage Request(Uri uri, HttpCallOptions? options, bool withCredentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
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
    internal sealed class ResponseStream(Stream body, Uri uri, TimeSpan timeout, long maxBytes, IDisposable? owner = null) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            readTimeout.CancelAfter(timeout);
            int n;
            try
            {
                n = await body.ReadAsync(buffer, readTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RemoteDocumentException($"GET {uri}: no data for {timeout.TotalSeconds:0.##} s while reading the response", e, transient: true);
            }
            catch (IOException e)
            {
                throw new RemoteDocumentException($"GET {uri}: the connection failed while reading the response: {e.Message}", e, transient: true);
            }
            _read += n;
            if (_read > maxBytes)
                throw new RemoteDocumentException($"GET {uri}: the document is larger than the size cap of {maxBytes:N0} bytes (setting max_document_bytes)");
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                owner?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
