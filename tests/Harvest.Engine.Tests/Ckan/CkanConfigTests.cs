using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Harvesters.Ckan;
using Harvest.Harvesters.DataJson;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>ckanext-harvest's ckan_harvester config keys, each against the in-test CKAN site.</summary>
public sealed class CkanConfigTests
{
    private static async Task<CkanServer> SiteWithOrganizationsAndGroupsAsync()
    {
        var server = await CkanServer.StartAsync();
        server.Add(
            CkanServer.Package("a1", organization: "org-a", groups: ["grp-x"]),
            CkanServer.Package("a2", organization: "org-a", groups: ["grp-y"]),
            CkanServer.Package("b1", organization: "org-b", groups: ["grp-x", "grp-y"]),
            CkanServer.Package("c1", organization: "org-c"),
            CkanServer.Package("n1"));
        return server;
    }

    [Theory]
    [InlineData("""{"organizations_filter_include": ["org-a", "org-b"]}""", "(organization:org-a OR organization:org-b)", "a1,a2,b1")]
    [InlineData("""{"organizations_filter_exclude": ["org-a"]}""", "-organization:org-a", "b1,c1,n1")]
    [InlineData("""{"groups_filter_include": ["grp-x"]}""", "(groups:grp-x)", "a1,b1")]
    [InlineData("""{"groups_filter_exclude": ["grp-y", "grp-x"]}""", "-groups:grp-y -groups:grp-x", "c1,n1")]
    [InlineData("""{"organizations_filter_include": ["org-a", "org-b"], "groups_filter_exclude": ["grp-y"]}""", "(organization:org-a OR organization:org-b) -groups:grp-y", "a1")]
    public async Task Organization_and_group_filters_are_sent_as_fq_and_only_matching_datasets_are_harvested(string config, string fq, string expected)
    {
        await using var server = await SiteWithOrganizationsAndGroupsAsync();
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, config);

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.All(server.SearchRequests, r => Assert.Equal(fq, r.Fq));
        Assert.Equal(expected.Split(','), harvest.Guids());
    }

    [Theory]
    [InlineData("""{"organizations_filter_include": ["a"], "organizations_filter_exclude": ["b"]}""", "'organizations_filter_include' and 'organizations_filter_exclude' cannot be used together")]
    [InlineData("""{"groups_filter_include": "a", "groups_filter_exclude": "b,c"}""", "'groups_filter_include' and 'groups_filter_exclude' cannot be used together")]
    [InlineData("""{"remote_groups": "all"}""", "'remote_groups' must be 'only_local' or 'create'")]
    [InlineData("""{"remote_orgs": true}""", "'remote_orgs' must be 'only_local' or 'create'")]
    [InlineData("""{"api_version": 1}""", "'api_version' must be 3 or 2")]
    [InlineData("""{"page_size": 0}""", "'page_size' must be a whole number from 1 to 1000")]
    [InlineData("""{"page_size": 5000}""", "'page_size' must be a whole number from 1 to 1000")]
    [InlineData("""{"rate_limit": -1}""", "it must be a number of requests per second of at least 0.0167")]
    [InlineData("""{"force_all": "yes"}""", "'force_all' must be true or false")]
    [InlineData("""{"default_tags": [1, 2]}""", "'default_tags' must be a list of names")]
    [InlineData("""{"default_extras": ["a"]}""", "'default_extras' must be an object of string values")]
    [InlineData("""{"include_private": true}""", "'include_private' needs an 'api_key'")]
    [InlineData("""{"api_key": ""}""", "'api_key' must be a non-empty string")]
    [InlineData("""{"harvest_everything": true}""", "unknown key 'harvest_everything'")]
    public void A_bad_config_is_refused_with_a_message_naming_the_key(string config, string expected)
    {
        using var harvest = new TestHarvest();

        var e = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddCkan("http://127.0.0.1:9/", config));

        Assert.Contains(e.Errors, m => m.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Fact]
    public void Every_bad_key_gets_its_own_message()
    {
        var validation = new CkanHarvester().ValidateConfig(JsonNode.Parse("""{"remote_orgs": "x", "clean_tags": 1, "page_size": "many"}""")!.AsObject());

        Assert.False(validation.IsValid);
        Assert.Equal(3, validation.Errors.Count);
    }

    [Fact]
    public void A_good_config_is_normalised()
    {
        var validation = new CkanHarvester().ValidateConfig(JsonNode.Parse(
            """{"api_version": "2", "default_tags": [{"name": "a"}, "b"], "groups_filter_include": "x, y", "rate_limit": 2.5, "remote_orgs": "create"}""")!.AsObject());

        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Equal("""{"api_version":2,"default_tags":["a","b"],"groups_filter_include":["x","y"],"rate_limit":2.5,"remote_orgs":"create"}""",
            validation.Config!.ToJsonString());
    }

    [Fact]
    public async Task Api_version_2_uses_the_version_2_action_path()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(1));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl + "/", """{"api_version": 2}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.All(server.SearchRequests, r => Assert.Equal("/api/2/action/package_search", r.Path));
    }

    [Fact]
    public async Task Without_remote_groups_and_remote_orgs_remote_ones_are_ignored_and_the_source_organization_owns_the_datasets()
    {
        await using var server = await SiteWithOrganizationsAndGroupsAsync();
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, organization: "Local Council");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.All(harvest.Engine.Datasets(), d =>
        {
            Assert.Empty(d.Groups);
            Assert.Equal("local-council", d.Organization);
        });
        Assert.Empty(harvest.Engine.Store.ListGroups(organizations: false));
        Assert.Equal(["local-council"], harvest.Engine.Store.ListGroups(organizations: true).Select(g => g.Name));
    }

    [Fact]
    public async Task With_only_local_only_groups_and_organizations_that_exist_locally_are_kept()
    {
        await using var server = await SiteWithOrganizationsAndGroupsAsync();
        using var harvest = new TestHarvest();
        harvest.Engine.Store.EnsureGroup("grp-x", "Our X", isOrganization: false);
        harvest.Engine.Store.EnsureGroup("org-a", "Our A", isOrganization: true);
        harvest.AddCkan(server.BaseUrl, """{"remote_groups": "only_local", "remote_orgs": "only_local"}""", organization: "Fallback Org");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal(["grp-x"], harvest.DatasetByGuid("a1").Groups);
        Assert.Empty(harvest.DatasetByGuid("a2").Groups);
        Assert.Equal(["grp-x"], harvest.DatasetByGuid("b1").Groups);
        Assert.Equal("org-a", harvest.DatasetByGuid("a1").Organization);
        Assert.Equal("fallback-org", harvest.DatasetByGuid("b1").Organization);
        Assert.Equal("fallback-org", harvest.DatasetByGuid("n1").Organization);
        Assert.Equal(["grp-x"], harvest.Engine.Store.ListGroups(organizations: false).Select(g => g.Name));
        Assert.Equal(["fallback-org", "org-a"], harvest.Engine.Store.ListGroups(organizations: true).Select(g => g.Name));
        Assert.Equal("Our A", harvest.Engine.Store.ListGroups(organizations: true).Single(g => g.Name == "org-a").Title);
    }

    [Fact]
    public async Task With_create_remote_groups_and_organizations_are_copied_with_their_titles_and_descriptions()
    {
        await using var server = await SiteWithOrganizationsAndGroupsAsync();
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"remote_groups": "create", "remote_orgs": "create"}""");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal(["grp-x", "grp-y"], harvest.DatasetByGuid("b1").Groups.Order());
        Assert.Equal("org-b", harvest.DatasetByGuid("b1").Organization);
        Assert.Null(harvest.DatasetByGuid("n1").Organization);
        var groups = harvest.Engine.Store.ListGroups(organizations: false);
        Assert.Equal(["grp-x", "grp-y"], groups.Select(g => g.Name));
        Assert.Equal(("Group grp-x", "The grp-x group."), (groups[0].Title, groups[0].Description));
        var organizations = harvest.Engine.Store.ListGroups(organizations: true);
        Assert.Equal(["org-a", "org-b", "org-c"], organizations.Select(g => g.Name));
        Assert.Equal(("Organization org-c", "What org-c does."), (organizations[2].Title, organizations[2].Description));
    }

    [Fact]
    public async Task Default_tags_groups_and_extras_are_added_with_their_templates_filled_in()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add("site", CkanServer.Package("d1", tags: ["remote"], extras: new() { ["kept"] = "remote value", ["spatial"] = "{}" }));
        using var harvest = new TestHarvest();
        var source = harvest.Engine.Sources.Create(new NewSourceRequest
        {
            Name = "test-source", Url = server.SiteUrl("site") + "/", Type = "ckan", Title = "The Site",
            Config = """
                {"default_tags": ["local", {"name": "harvested"}], "default_groups": ["regional"],
                 "default_extras": {"kept": "default value", "origin": "{harvest_source_url}/dataset/{dataset_id}",
                                    "ids": "{harvest_source_id}|{harvest_source_title}|{harvest_job_id}|{harvest_object_id}"}}
                """,
        });

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        var dataset = harvest.DatasetByGuid("d1");
        var harvestObject = Assert.Single(harvest.Engine.Store.ListObjects(new(JobId: report.JobId)));
        Assert.Equal(["remote", "local", "harvested"], dataset.Tags);
        Assert.Equal(["regional"], dataset.Groups);
        Assert.Equal("remote value", dataset.Extras["kept"]);
        Assert.Equal("{}", dataset.Extras["spatial"]);
        Assert.Equal($"{server.SiteUrl("site")}/dataset/d1", dataset.Extras["origin"]);
        Assert.Equal($"{source.SourceId}|The Site|{report.JobId}|{harvestObject.ObjectId}", dataset.Extras["ids"]);
    }

    [Fact]
    public async Task Override_extras_lets_default_extras_replace_remote_ones()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanServer.Package("d1", extras: new() { ["kept"] = "remote value" }));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"override_extras": true, "default_extras": {"kept": "default value", "author": "Harvest"}}""");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal("default value", harvest.DatasetByGuid("d1").Extras["kept"]);
        Assert.Equal("Harvest", harvest.DatasetByGuid("d1").Extras["author"]);
    }

    [Theory]
    [InlineData(true, new[] { "cafe-au-lait", "statistiques-2020", "tag" })]
    [InlineData(false, new[] { "Café au lait", "Statistiques 2020!", "tag" })]
    public async Task Clean_tags_munges_tags_as_CKAN_does(bool clean, string[] expected)
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanServer.Package("d1", tags: ["Café au lait", "Statistiques 2020!"]));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, $$"""{"clean_tags": {{(clean ? "true" : "false")}}, "default_tags": ["tag"]}""");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal(expected, harvest.DatasetByGuid("d1").Tags);
    }

    [Fact]
    public async Task Two_sources_whose_datasets_share_a_name_each_get_their_own_dataset()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add("one", CkanServer.Package("id-1", name: "shared-name", title: "From one"));
        server.Add("two", CkanServer.Package("id-2", name: "shared-name", title: "From two"));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.SiteUrl("one"), name: "one");
        harvest.AddCkan(server.SiteUrl("two"), name: "two");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync("one"));
        CkanTestKit.AssertNoErrors(await harvest.RunAsync("two"));
        var again = await harvest.RunAsync("one");

        Assert.Equal(new JobStats(), again.Stats); // incremental: nothing changed, nothing asked for
        var one = harvest.DatasetByGuid("id-1", "one");
        var two = harvest.DatasetByGuid("id-2", "two");
        Assert.Equal("shared-name", one.Name);
        Assert.Equal("shared-name-1", two.Name);
        Assert.Equal(("From one", "From two"), (one.Title, two.Title));
        // Each listing ends on an empty page.
        Assert.Equal(["/one/api/3/action/package_search", "/one/api/3/action/package_search", "/two/api/3/action/package_search",
            "/two/api/3/action/package_search", "/one/api/3/action/package_search"], server.SearchRequests.Select(r => r.Path));
    }

    [Fact]
    public async Task Private_datasets_are_harvested_with_include_private_and_the_api_key_in_the_Authorization_header()
    {
        await using var server = await CkanServer.StartAsync();
        server.ApiKey = "secret-token-1234";
        foreach (var site in new[] { "a", "b" })
            server.Add(site, [.. CkanTestKit.Generated(2), CkanServer.Package("private-1", isPrivate: true)]);
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.SiteUrl("a"), """{"api_key": "secret-token-1234", "include_private": true}""", name: "with-key");
        harvest.AddCkan(server.SiteUrl("b"), name: "without-key");

        var withKey = await harvest.RunAsync("with-key");
        var withoutKey = await harvest.RunAsync("without-key");

        CkanTestKit.AssertNoErrors(withKey);
        Assert.Equal(3, withKey.Stats.Added);
        Assert.Equal(["p000", "p001", "private-1"], harvest.Guids("with-key"));
        Assert.Equal(["p000", "p001"], harvest.Guids("without-key"));
        Assert.All(server.SearchRequests.Where(r => r.Path.StartsWith("/a/", StringComparison.Ordinal)),
            r => Assert.Equal(("secret-token-1234", true), (r.Authorization, r.IncludePrivate)));
        Assert.All(server.SearchRequests.Where(r => r.Path.StartsWith("/b/", StringComparison.Ordinal)),
            r => Assert.Equal((null, false), (r.Authorization, r.IncludePrivate)));
    }

    [Fact]
    public async Task A_wrong_api_key_is_a_gather_error_that_does_not_show_the_key()
    {
        await using var server = await CkanServer.StartAsync();
        server.ApiKey = "the-right-key";
        server.Add(CkanTestKit.Generated(2));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"api_key": "a-wrong-key-5678"}""");

        var report = await harvest.RunAsync();

        var message = CatalogState.AssertGatherFailed(harvest, report, "returned HTTP 403 Forbidden");
        Assert.DoesNotContain("a-wrong-key-5678", message);
        Assert.DoesNotContain("a-wrong-key-5678", harvest.Engine.Sources.Get("test-source").ToString());
        Assert.DoesNotContain("a-wrong-key-5678", harvest.Engine.Sources.Get("test-source").RedactedConfig);
        Assert.Contains("a-wrong-key-5678", harvest.Engine.Sources.Get("test-source").Config); // kept, to be sent
        Assert.All(harvest.Engine.Store.ListLog(null, 1000, 0), l => Assert.DoesNotContain("a-wrong-key-5678", l.Content));
    }

    private sealed class RetitlingHarvester : CkanHarvester
    {
        protected override DatasetDraft ModifyPackageDict(CkanImportContext context, DatasetDraft draft) =>
            draft with { Title = draft.Title.ToUpperInvariant() };
    }

    [Fact]
    public async Task The_modify_package_dict_hook_and_registered_transforms_change_datasets_before_they_are_created_or_updated()
    {
        var seen = new List<(string ObjectId, string Guid, string? PackageName)>();
        var ckan = new RetitlingHarvester().AddTransform((context, draft) =>
        {
            lock (seen) seen.Add((context.Object.ObjectId, context.Object.Guid, context.Package["name"]?.GetValue<string>()));
            return draft with
            {
                Tags = [.. draft.Tags, "from-hook"],
                Extras = new Dictionary<string, string>(draft.Extras) { ["harvest_object"] = context.Object.ObjectId, ["job"] = context.Harvest.Job.JobId },
            };
        });
        var registry = new HarvesterRegistry();
        registry.Register(new DataJsonHarvester());
        registry.Register(ckan);
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(2));
        using var harvest = new TestHarvest(registry: registry);
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        var dataset = harvest.DatasetByGuid("p001");
        Assert.Equal("DATASET P001", dataset.Title);
        Assert.Contains("from-hook", dataset.Tags);
        var objectId = harvest.Engine.Store.ListObjects(new(JobId: report.JobId, Guid: "p001")).Single().ObjectId;
        Assert.Equal(objectId, dataset.Extras["harvest_object"]);
        Assert.Equal(report.JobId, dataset.Extras["job"]);
        Assert.Contains((objectId, "p001", "p001"), seen);

        // Not modified: the hook is not run again (it runs only before a create or an update).
        seen.Clear();
        server.Change("p000", p => p["notes"] = "changed");
        var second = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 1 }, second.Stats);
        Assert.Equal("p000", Assert.Single(seen).Guid);
    }

    [Fact]
    public async Task An_overridden_modify_package_dict_runs_without_any_registered_transform()
    {
        var registry = new HarvesterRegistry();
        registry.Register(new RetitlingHarvester());
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(1));
        using var harvest = new TestHarvest(registry: registry);
        harvest.AddCkan(server.BaseUrl);

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal("DATASET P000", harvest.DatasetByGuid("p000").Title);
    }

    [Theory]
    [InlineData("""{"api_key":"k-123","page_size":5}""", """{"api_key":"***","page_size":5}""")]
    [InlineData("""{"API_KEY":"k-123"}""", """{"API_KEY":"***"}""")]
    [InlineData("""{"page_size":5}""", """{"page_size":5}""")]
    [InlineData("{}", "{}")]
    public void Config_secrets_are_masked_for_display(string config, string shown)
    {
        Assert.Equal(shown, ConfigSecrets.Redact(config));
        var source = new HarvestSource { SourceId = "s", Name = "n", Url = "http://x", Type = "ckan", Config = config };
        Assert.Equal(shown, source.RedactedConfig);
        Assert.DoesNotContain("k-123", source.ToString());
    }
}
