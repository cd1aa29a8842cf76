using System.Threading.Channels;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;

namespace Harvest.Engine.Mail;

/// <summary>
/// Sends status mails on a thread of its own, in the order their jobs finished, so that a slow or stalled SMTP server
/// never holds the thread that finished the job (a consumer worker, run-test). The queue is bounded: when it is full a
/// mail is dropped with an error in the log rather than holding the finisher. What the sender logs goes through a log of
/// its own, since the engine's store connection belongs to the finishing thread.
/// </summary>
internal sealed class StatusMailQueue : IDisposable
{
    public const int Capacity = 100;

    private readonly Channel<JobReport> _reports = Channel.CreateBounded<JobReport>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly StatusMail _mail;
    private readonly HarvestLog _log;
    private readonly Func<HarvestLog> _senderLog;
    private readonly Task _sending;
    private int _pending;

    public StatusMailQueue(StatusMail mail, HarvestLog log, Func<HarvestLog> senderLog)
    {
        _mail = mail;
        _log = log;
        _senderLog = senderLog;
        _sending = Task.Run(SendAllAsync);
    }

    /// <summary>Queues the job's mail; false (and logged) when the queue is full.</summary>
    public bool Enqueue(JobReport report)
    {
        Interlocked.Increment(ref _pending);
        if (_reports.Writer.TryWrite(report)) return true;
        Interlocked.Decrement(ref _pending);
        _log.Error($"status mail for job {report.JobId} not sent: {Capacity} mails are already waiting for the SMTP server");
        return false;
    }

    /// <summary>Mails queued and not yet sent (or given up).</summary>
    public int Pending => Volatile.Read(ref _pending);

    private async Task SendAllAsync()
    {
        HarvestLog? log = null;
        await foreach (var report in _reports.Reader.ReadAllAsync())
        {
            try
            {
                _mail.SendFor(report, log ??= _senderLog());
            }
            catch (Exception)
            {
                // SendFor logs its own failures and never throws for them: this was the log itself failing. One mail's
                // trouble must not end the sender (and with it every later job's mail).
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>Waits until every queued mail is sent or given up (each is bounded by the SMTP timeouts).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (Pending > 0) await Task.Delay(20, cancellationToken);
    }

    /// <summary>Sends what is queued, then stops: a process that ends after a job still sends its mail.</summary>
    public void Dispose()
    {
        _reports.Writer.TryComplete();
        _sending.Wait();
    }
}
