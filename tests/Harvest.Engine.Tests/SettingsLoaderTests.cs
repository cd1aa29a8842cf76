using Harvest.Engine.Settings;

namespace Harvest.Engine.Tests;

/// <summary>
/// Settings: defaults, the settings file, HARVEST_* overrides and clear errors. The environment is always passed
/// as a dictionary, so no test reads or changes the process environment's HARVEST_ variables.
/// </summary>
public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harvest-settings-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string File(string json, string name = "settings.json")
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static Dictionary<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void An_empty_settings_file_gives_the_defaults()
    {
        var path = File("{}");

        var settings = SettingsLoader.Load(path, Environment());

        Assert.Equal(DefaultPaths.DatabaseFile(), settings.Database);
        Assert.Equal("database", settings.MqType);
        Assert.Equal("localhost", settings.MqHostname);
        Assert.Null(settings.MqPort);
        Assert.Equal(0, settings.MqRedisDb);
        Assert.Equal("/", settings.MqVirtualHost);
        Assert.Equal("default", settings.SiteId);
        Assert.Equal(-1, settings.LogScope);
        Assert.Equal("debug", settings.LogLevel);
        Assert.Equal(30, settings.LogTimeframe);
        Assert.Equal(0, settings.Timeout);
        Assert.Equal(DatasetNameSuffixes.Number, settings.DatasetNameSuffix);
        Assert.Equal(100, settings.SourceListLimit);
        Assert.Equal(2L * 1024 * 1024 * 1024, settings.MaxDocumentBytes);
        Assert.Equal(60, settings.HttpTimeoutSeconds);
        Assert.Equal(path, settings.LoadedFrom);
    }

    [Fact]
    public void File_values_are_read_with_numbers_as_numbers_or_strings()
    {
        var path = File("""
            {
              // comments and trailing commas are allowed
              "database": "/var/lib/harvest/harvest.db",
              "mq_type": "redis",
              "mq_port": 6380,
              "mq_redis_db": "3",
              "site_id": "city",
              "dataset_name_suffix": "random-hex",
              "max_document_bytes": 1048576,
              "http_timeout_seconds": 5,
            }
            """);

        var settings = SettingsLoader.Load(path, Environment());

        Assert.Equal("/var/lib/harvest/harvest.db", settings.Database);
        Assert.Equal("redis", settings.MqType);
        Assert.Equal(6380, settings.MqPort);
        Assert.Equal(3, settings.MqRedisDb);
        Assert.Equal("city", settings.SiteId);
        Assert.Equal(DatasetNameSuffixes.RandomHex, settings.DatasetNameSuffix);
        Assert.Equal(1048576, settings.MaxDocumentBytes);
        Assert.Equal(5, settings.HttpTimeoutSeconds);
        Assert.Equal("localhost", settings.MqHostname);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var path = File("""{"database": "/from/file.db", "site_id": "file-site", "mq_port": 1}""");

        var settings = SettingsLoader.Load(path, Environment(
            ("HARVEST_DATABASE", "/from/env.db"), ("HARVEST_MQ_PORT", "5673"), ("HARVEST_MQ_REDIS_DB", "2"),
            ("HARVEST_DATASET_NAME_SUFFIX", "random-hex"), ("HARVEST_SITE_ID", ""), ("UNRELATED", "x")));

        Assert.Equal("/from/env.db", settings.Database);
        Assert.Equal(5673, settings.MqPort);
        Assert.Equal(2, settings.MqRedisDb);
        Assert.Equal(DatasetNameSuffixes.RandomHex, settings.DatasetNameSuffix);
        // An empty variable does not override.
        Assert.Equal("file-site", settings.SiteId);
    }

    [Fact]
    public void Every_setting_has_a_HARVEST_environment_variable()
    {
        var path = File("{}");
        var environment = Environment(
            ("HARVEST_MQ_TYPE", "amqp"), ("HARVEST_MQ_HOSTNAME", "mq.example"), ("HARVEST_MQ_PASSWORD", "pw"),
            ("HARVEST_MQ_USER_ID", "harvest"), ("HARVEST_MQ_VIRTUAL_HOST", "/harvest"), ("HARVEST_LOG_SCOPE", "0"),
            ("HARVEST_LOG_LEVEL", "info"), ("HARVEST_LOG_TIMEFRAME", "7"), ("HARVEST_TIMEOUT", "15"),
            ("HARVEST_SOURCE_LIST_LIMIT", "20"), ("HARVEST_MAX_DOCUMENT_BYTES", "1000"), ("HARVEST_HTTP_TIMEOUT_SECONDS", "9"));

        var settings = SettingsLoader.Load(path, environment);

        Assert.Equal("amqp", settings.MqType);
        Assert.Equal("mq.example", settings.MqHostname);
        Assert.Equal("pw", settings.MqPassword);
        Assert.Equal("harvest", settings.MqUserId);
        Assert.Equal("/harvest", settings.MqVirtualHost);
        Assert.Equal(0, settings.LogScope);
        Assert.Equal("info", settings.LogLevel);
        Assert.Equal(7, settings.LogTimeframe);
        Assert.Equal(15, settings.Timeout);
        Assert.Equal(20, settings.SourceListLimit);
        Assert.Equal(1000, settings.MaxDocumentBytes);
        Assert.Equal(9, settings.HttpTimeoutSeconds);
        Assert.All(SettingsLoader.Keys.Keys, key => Assert.Matches("^[a-z]+(_[a-z]+)*$", key));
    }

    [Fact]
    public void Harvester_assemblies_are_a_list_in_the_file_relative_to_it_and_a_path_list_in_the_environment()
    {
        var path = File("""{"harvester_assemblies": ["plugins/a.dll", "/opt/harvest/plugins"]}""");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Assert.Equal([Path.Combine(folder, "plugins", "a.dll"), "/opt/harvest/plugins"], SettingsLoader.Load(path, Environment()).HarvesterAssemblies);

        var fromEnvironment = SettingsLoader.Load(path, Environment(("HARVEST_HARVESTER_ASSEMBLIES", $"/x/one.dll{Path.PathSeparator}/y/two")));
        Assert.Equal(["/x/one.dll", "/y/two"], fromEnvironment.HarvesterAssemblies);

        var wrong = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(File("""{"harvester_assemblies": [1]}""", "bad.json"), Environment()));
        Assert.Contains("'harvester_assemblies' must be a list of paths", wrong.Message);
    }

    [Fact]
    public void A_null_value_in_the_file_leaves_the_default()
    {
        var path = File("""{"mq_password": null, "site_id": null, "mq_port": null}""");

        var settings = SettingsLoader.Load(path, Environment());

        Assert.Null(settings.MqPassword);
        Assert.Equal("default", settings.SiteId);
        Assert.Null(settings.MqPort);
    }

    [Theory]
    [InlineData("""{"site_id": {"name": "x"}}""", "site_id")]
    [InlineData("""{"mq_hostname": ["a", "b"]}""", "mq_hostname")]
    public void An_object_or_array_value_is_an_error_naming_the_key(string json, string key)
    {
        var path = File(json);

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Ckan_harvest_prefixed_keys_are_accepted()
    {
        var path = File("""
            {"ckan.harvest.mq.type": "redis", "ckan.harvest.mq.hostname": "redis.example", "ckan.harvest.mq.redis_db": 4,
             "ckan.harvest.log_scope": 0, "ckan.harvest.timeout": 30}
            """);

        var settings = SettingsLoader.Load(path, Environment());

        Assert.Equal("redis", settings.MqType);
        Assert.Equal("redis.example", settings.MqHostname);
        Assert.Equal(4, settings.MqRedisDb);
        Assert.Equal(0, settings.LogScope);
        Assert.Equal(30, settings.Timeout);
    }

    [Fact]
    public void HARVEST_CONFIG_names_the_settings_file_and_an_explicit_path_wins_over_it()
    {
        var fromVariable = File("""{"site_id": "from-variable"}""", "variable.json");
        var explicitPath = File("""{"site_id": "explicit"}""", "explicit.json");

        var viaVariable = SettingsLoader.Load(null, Environment((SettingsLoader.ConfigFileVariable, fromVariable)));
        var viaPath = SettingsLoader.Load(explicitPath, Environment((SettingsLoader.ConfigFileVariable, fromVariable)));

        Assert.Equal("from-variable", viaVariable.SiteId);
        Assert.Equal(fromVariable, viaVariable.LoadedFrom);
        Assert.Equal("explicit", viaPath.SiteId);
        Assert.Equal(explicitPath, viaPath.LoadedFrom);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_key_and_the_file()
    {
        var path = File("""{"site_id": "x", "databse": "/typo.db"}""");

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains("'databse'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("database", e.Message.Replace("'databse'", ""));
    }

    [Fact]
    public void An_unknown_ckan_harvest_key_is_an_error_naming_it()
    {
        // status_mail.all was the example here until status mail came; it is known now.
        var path = File("""{"ckan.harvest.status_mail.sometimes": true}""");

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains("'ckan.harvest.status_mail.sometimes'", e.Message);
    }

    [Theory]
    [InlineData("""{"mq_port": "abc"}""", "mq_port", "abc")]
    [InlineData("""{"timeout": 1.5}""", "timeout", "1.5")]
    [InlineData("""{"max_document_bytes": "lots"}""", "max_document_bytes", "lots")]
    [InlineData("""{"log_scope": true}""", "log_scope", "true")]
    public void A_bad_number_in_the_file_is_an_error_naming_the_key_and_value(string json, string key, string value)
    {
        var path = File(json);

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains($"'{value}'", e.Message);
        Assert.Contains("whole number", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_bad_number_in_the_environment_is_an_error_naming_the_variable()
    {
        var path = File("{}");

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment(("HARVEST_TIMEOUT", "soon"))));

        Assert.Contains("HARVEST_TIMEOUT", e.Message);
        Assert.Contains("'soon'", e.Message);
    }

    [Theory]
    [InlineData("letters")]
    [InlineData("Random-Hex")]
    public void A_bad_dataset_name_suffix_is_an_error_listing_the_allowed_values(string value)
    {
        var path = File($$"""{"dataset_name_suffix": "{{value}}"}""");

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains("dataset_name_suffix", e.Message);
        Assert.Contains($"'{value}'", e.Message);
        Assert.Contains("'number'", e.Message);
        Assert.Contains("'random-hex'", e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_max_document_size_that_is_not_positive_is_an_error(string value)
    {
        var e = Assert.Throws<HarvestSettingsException>(() =>
            SettingsLoader.Load(File("{}"), Environment(("HARVEST_MAX_DOCUMENT_BYTES", value))));

        Assert.Contains("max_document_bytes", e.Message);
    }

    [Fact]
    public void A_missing_settings_file_is_an_error_naming_the_path()
    {
        var missing = Path.Combine(_folder, "nowhere", "settings.json");

        var explicitError = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(missing, Environment()));
        var variableError = Assert.Throws<HarvestSettingsException>(() =>
            SettingsLoader.Load(null, Environment((SettingsLoader.ConfigFileVariable, missing))));

        Assert.Contains(missing, explicitError.Message);
        Assert.Contains("does not exist", explicitError.Message);
        Assert.Contains(missing, variableError.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    public void A_settings_file_that_is_not_a_json_object_is_an_error_naming_the_path(string content)
    {
        var path = File(content);

        var e = Assert.Throws<HarvestSettingsException>(() => SettingsLoader.Load(path, Environment()));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_relative_database_path_in_a_settings_file_is_relative_to_that_file()
    {
        var path = File("""{ "database": "stores/harvest.db" }""");

        var settings = SettingsLoader.Load(path, Environment());

        Assert.Equal(Path.Combine(_folder, "stores", "harvest.db"), settings.Database);
    }

    [Fact]
    public void Absolute_paths_and_connection_strings_in_a_settings_file_are_kept()
    {
        var absolute = Path.Combine(_folder, "elsewhere.db");
        Assert.Equal(absolute, SettingsLoader.Load(File($$"""{ "database": "{{absolute.Replace("\\", "\\\\")}}" }"""), Environment()).Database);
        var connection = "Host=127.0.0.1;Database=harvest;Username=harvest";
        Assert.Equal(connection, SettingsLoader.Load(File($$"""{ "database": "{{connection}}" }""", "pg.json"), Environment()).Database);
    }

    [Fact]
    public void A_relative_database_path_from_the_environment_is_left_to_the_current_folder()
    {
        var settings = SettingsLoader.Load(File("{}"), Environment(("HARVEST_DATABASE", "relative.db")));

        Assert.Equal("relative.db", settings.Database);
    }
}
