using System.Diagnostics;
using Harvest.Engine.Settings;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// The test Redis and RabbitMQ servers named by HARVEST_TEST_REDIS (host:port) and HARVEST_TEST_AMQP
/// (amqp://user:password@host:port/vhost); .ci/services starts both on loopback and sets them.
/// </summary>
public static class Brokers
{
    public const string RedisVariable = "HARVEST_TEST_REDIS";
    public const string AmqpVariable = "HARVEST_TEST_AMQP";

    public static string? RedisUnavailable { get; } = Probe(RedisVariable, 6379);
    public static string? AmqpUnavailable { get; } = Probe(AmqpVariable, 5672);

    /// <summary>Settings that put the queues on a broker, under a site id of the test's own so that tests never share queues.</summary>
    public static HarvestSettings On(HarvestSettings settings, string mqType)
    {
        var site = "test" + Guid.NewGuid().ToString("N")[..10];
        if (mqType == "amqp") AmqpLeftovers.Add(site);
        if (mqType == "redis")
        {
            var (host, port) = HostPort(Environment.GetEnvironmentVariable(RedisVariable)!, 6379);
            return settings with { MqType = "redis", MqHostname = host, MqPort = port, SiteId = site };
        }
        return AmqpServer(settings) with { SiteId = site };
    }

    /// <summary>The broker settings under another site id (one the test's cleanup knows about too).</summary>
    public static HarvestSettings WithSite(HarvestSettings settings, string site)
    {
        if (settings.MqType == "amqp") AmqpLeftovers.Add(site);
        return settings with { SiteId = site };
    }

    /// <summary>The settings with the connection to the test RabbitMQ server (host, port, user, password, virtual host).</summary>
    public static HarvestSettings AmqpServer(HarvestSettings settings)
    {
        var uri = new Uri(Environment.GetEnvironmentVariable(AmqpVariable)!);
        var user = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return settings with
        {
            MqType = "amqp", MqHostname = uri.Host, MqPort = uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port,
            MqUserId = user[0], MqPassword = user.Length > 1 ? user[1] : null, MqVirtualHost = vhost.Length == 0 ? "/" : vhost,
        };
    }

    /// <summary>
    /// Runs a shell command (restarting a server); fails the test when it fails or has not ended within two minutes. Its
    /// output goes to a file, not a pipe: a daemon the command starts may keep its output open long after the command ended.
    /// </summary>
    public static void Shell(string command)
    {
        var log = Path.GetTempFileName();
        try
        {
            using var process = Process.Start("bash", ["-c", $"exec > '{log}' 2>&1 < /dev/null; {command}"]);
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"'{command}' had not ended after 2 minutes: {File.ReadAllText(log)}");
            }
            Assert.True(process.ExitCode == 0, $"'{command}' failed ({process.ExitCode}): {File.ReadAllText(log)}");
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static (string Host, int Port) HostPort(string text, int defaultPort)
    {
        var parts = text.Split(':');
        return (parts[0], parts.Length > 1 ? int.Parse(parts[1]) : defaultPort);
    }

    private static string? Probe(string variable, int defaultPort)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value)) return $"{variable} is not set (run .ci/services to start the brokers)";
        var (host, port) = value.Contains("://") ? (new Uri(value).Host, new Uri(value).Port) : HostPort(value, defaultPort);
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            if (!client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(3))) return $"{variable}: {host}:{port} does not answer";
            return null;
        }
        catch (Exception e)
        {
            return $"{variable}: {host}:{port} does not answer: {e.GetBaseException().Message}";
        }
    }
}

public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (Brokers.RedisUnavailable is { } reason && Environment.GetEnvironmentVariable("CI") != "true") Skip = reason;
    }
}

public sealed class AmqpFactAttribute : FactAttribute
{
    public AmqpFactAttribute()
    {
        if (Brokers.AmqpUnavailable is { } reason && Environment.GetEnvironmentVariable("CI") != "true") Skip = reason;
    }
}

/// <summary>
/// Broker tests run one at a time: some restart the broker under everyone's feet. When they have all run, the RabbitMQ
/// queues they declared are deleted (quorum queues are durable: left behind, every broker start recovers them all).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection : ICollectionFixture<AmqpLeftovers>
{
    public const string Name = "brokers";
}
