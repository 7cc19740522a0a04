using Microsoft.Extensions.Configuration;
using Starling.Server.Features.Moderation;
using Starling.Server.Hosting;
using Starling.Server.Options;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>Blocks named in <c>Starling:Federation:DomainBlocks</c>, applied at every start without touching the others.</summary>
public abstract class ConfiguredDomainBlockTests(TestDatabase database) : IntegrationTest(database)
{
    internal static Dictionary<string, string?> Configured(params (string Domain, string Severity, bool RejectMedia, string? Comment)[] blocks)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < blocks.Length; i++)
        {
            var prefix = $"Starling:Federation:DomainBlocks:{i}:";
            settings[prefix + "Domain"] = blocks[i].Domain;
            settings[prefix + "Severity"] = blocks[i].Severity;
            settings[prefix + "RejectMedia"] = blocks[i].RejectMedia ? "true" : "false";
            settings[prefix + "PublicComment"] = blocks[i].Comment;
        }
        return settings;
    }

    private static Task<List<(string Domain, DomainBlockSeverity Severity, bool RejectMedia, string Comment)>> BlocksAsync(TestInstance app) =>
        app.DbAsync(async db => (await db.DomainBlocks.OrderBy(b => b.Domain).ToListAsync())
            .Select(b => (b.Domain, b.Severity, b.RejectMedia, b.PublicComment)).ToList());

    [Fact]
    public async Task Configured_blocks_are_applied_at_start_and_blocks_made_by_admins_survive_restarts()
    {
        await using var storage = await TestStorage.CreateAsync(Database);
        var settings = Configured(("Spam.Example", "suspend", false, "Spam"), ("https://loud.example/", "Silence", true, null));

        await using (var first = await TestInstance.StartAsync(new TestInstanceOptions { Database = Database, Storage = storage, Settings = settings }))
        {
            Assert.Equal([("loud.example", DomainBlockSeverity.Silence, true, ""), ("spam.example", DomainBlockSeverity.Suspend, false, "Spam")], await BlocksAsync(first));
            Assert.True(await first.Services.GetRequiredService<DomainBlockPolicy>().IsSuspendedAsync("www.spam.example"));
            Assert.Equal(1, await first.DbAsync(db => db.Jobs.CountAsync(j => j.Type == PurgeDomainJob.TypeName)));
            await first.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("admin.example", DomainBlockSeverity.Silence)));
            await first.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("loud.example", DomainBlockSeverity.Suspend)));
            await first.DrainJobsAsync();
        }

        await using (var second = await TestInstance.StartAsync(new TestInstanceOptions { Database = Database, Storage = storage, Settings = settings }))
        {
            // The configuration wins for the servers it names; the admin's own block stays.
            Assert.Equal([
                ("admin.example", DomainBlockSeverity.Silence, false, ""),
                ("loud.example", DomainBlockSeverity.Silence, true, ""),
                ("spam.example", DomainBlockSeverity.Suspend, false, "Spam"),
            ], await BlocksAsync(second));
            Assert.Equal(0, await second.DbAsync(db => db.Jobs.CountAsync()));
        }

        // A server dropped from the configuration stays blocked: only the admin page lifts a block.
        await using var third = await TestInstance.StartAsync(new TestInstanceOptions { Database = Database, Storage = storage, Settings = Configured(("loud.example", "silence", true, null)) });
        Assert.Equal(["admin.example", "loud.example", "spam.example"], (await BlocksAsync(third)).Select(b => b.Domain));
    }

    public sealed class Sqlite() : ConfiguredDomainBlockTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ConfiguredDomainBlockTests(TestDatabase.Postgres);
}

/// <summary>A configured block that cannot be read stops the start before anything is built, like every other bad setting.</summary>
public sealed class ConfiguredDomainBlockValidationTests
{
    [Theory]
    [InlineData("Domain", "not a domain", "Starling:Federation:DomainBlocks:0:Domain must be a server name")]
    [InlineData("Severity", "banish", "Starling:Federation:DomainBlocks:0:Severity must be none, silence or suspend (got 'banish')")]
    [InlineData("Severity", "2", "Starling:Federation:DomainBlocks:0:Severity must be none, silence or suspend (got '2')")]
    [InlineData("RejectMedia", "yes", "Starling:Federation:DomainBlocks:0:RejectMedia must be true or false (got 'yes')")]
    public void A_configured_block_that_cannot_be_read_stops_the_start_and_names_the_key(string key, string value, string message)
    {
        var settings = ConfiguredDomainBlockTests.Configured(("fine.example", "silence", false, null));
        settings[$"Starling:Federation:DomainBlocks:0:{key}"] = value;

        var error = Assert.Throws<StarlingConfigurationException>(() =>
            StarlingConfiguration.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Good_blocks_load()
    {
        var settings = ConfiguredDomainBlockTests.Configured(("fine.example", "SUSPEND", true, "Why"));

        var blocks = ConfiguredDomainBlocks.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var block = Assert.Single(blocks.Blocks);
        Assert.Empty(blocks.Errors);
        Assert.Equal(("fine.example", DomainBlockSeverity.Suspend, true, false, "Why"), (block.Domain, block.Severity, block.RejectMedia, block.RejectReports, block.PublicComment));
    }
}
