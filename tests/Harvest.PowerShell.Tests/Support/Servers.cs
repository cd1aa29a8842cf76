using System.Net.Sockets;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>The test RabbitMQ server named by HARVEST_TEST_AMQP (.ci/services starts it on loopback and sets the variable).</summary>
public static class Servers
{
    public const string AmqpVariable = "HARVEST_TEST_AMQP";

    public static Uri? Amqp => Environment.GetEnvironmentVariable(AmqpVariable) is { Length: > 0 } value ? new Uri(value) : null;

    /// <summary>The settings keys that put a site's queues on the test RabbitMQ server (its virtual host included).</summary>
    public static Dictionary<string, object?> AmqpSettings(string siteId)
    {
        var amqp = Amqp!;
        var user = amqp.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        return new Dictionary<string, object?>
        {
            ["mq_type"] = "amqp", ["mq_hostname"] = amqp.Host, ["mq_port"] = amqp.IsDefaultPort || amqp.Port < 0 ? 5672 : amqp.Port,
            ["mq_user_id"] = user[0], ["mq_password"] = user.Length > 1 ? user[1] : "", ["mq_virtual_host"] = vhost.Length == 0 ? "/" : vhost,
            ["site_id"] = siteId,
        };
    }

    /// <summary>Why RabbitMQ tests cannot run here, or null when the server answers.</summary>
    public static string? AmqpUnavailable { get; } = Probe();

    private static string? Probe()
    {
        if (Amqp is not { } uri) return $"{AmqpVariable} is not set (run .ci/services to start the brokers)";
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port).Wait(TimeSpan.FromSeconds(3))
                ? null : $"{AmqpVariable}: {uri.Host} does not answer";
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return $"{AmqpVariable}: {uri.Host} does not answer: {e.GetBaseException().Message}";
        }
    }
}

/// <summary>A fact that needs the test RabbitMQ server: skipped with the reason when it is absent, failed under CI=true.</summary>
public sealed class AmqpFactAttribute : FactAttribute
{
    public AmqpFactAttribute()
    {
        if (Servers.AmqpUnavailable is { } reason && Environment.GetEnvironmentVariable("CI") != "true") Skip = reason;
    }
}

/// <summary>pwsh from the repository's tool manifest (`dotnet tool restore` installs it), run as a user would run it.</summary>
public static class Pwsh
{
    /// <summary>Runs <c>dotnet pwsh</c> with these arguments in the repository (where the tool manifest is).</summary>
    public static Processes.Result Run(IEnumerable<string> arguments, TimeSpan limit, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = Processes.Run("dotnet", ["pwsh", .. arguments], limit, ModuleFiles.RepositoryRoot, environment);
        if (result.ExitCode != 0 && result.Stderr.Contains("dotnet-pwsh does not exist", StringComparison.Ordinal))
            throw new InvalidOperationException("pwsh is not installed: run `dotnet tool restore` in the repository (the tool manifest is .config/dotnet-tools.json)");
        return result;
    }
}
