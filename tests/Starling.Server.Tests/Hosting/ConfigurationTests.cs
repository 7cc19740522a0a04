using Microsoft.Extensions.Configuration;
using Starling.Server.Hosting;
using Starling.Server.Options;

namespace Starling.Server.Tests.Hosting;

/// <summary>A wrong setting stops the server before it starts, with a message that names the key to fix.</summary>
public sealed class ConfigurationTests
{
    private static StarlingOptions Load(params (string Key, string Value)[] settings) =>
        StarlingConfiguration.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Theory]
    [InlineData("Starling:Database:Provider", "mysql", "Starling:Database:Provider", "Allowed: sqlite, postgres.")]
    [InlineData("Starling:Registrations", "sometimes", "Starling:Registrations", "Allowed: open, approval, closed.")]
    [InlineData("Starling:PublicUrl", "not a url", "Starling:PublicUrl", "'not a url'")]
    [InlineData("Starling:PublicUrl", "ftp://social.example", "Starling:PublicUrl", "http(s)")]
    [InlineData("Starling:PublicUrl", "https://social.example/path", "Starling:PublicUrl", "without a path")]
    [InlineData("Starling:MaxStatusCharacters", "0", "Starling:MaxStatusCharacters", "(got 0)")]
    [InlineData("Starling:MaxStatusCharacters", "lots", "Starling:MaxStatusCharacters", "lots")]
    [InlineData("Starling:Jobs:Concurrency", "0", "Starling:Jobs:Concurrency", "between 1 and 64")]
    [InlineData("Starling:Jobs:MaxAttempts", "1000", "Starling:Jobs:MaxAttempts", "between 1 and 100")]
    [InlineData("Starling:DataDirectory", " ", "Starling:DataDirectory", "must not be empty")]
    [InlineData("Starling:Media:MaxStoredImagePixels", "0", "MaxStoredImagePixels", "must be positive")]
    [InlineData("Starling:Media:RemoteFetchTimeoutSeconds", "0", "Starling:Media:RemoteFetchTimeoutSeconds", "between 1 and 1200")]
    [InlineData("Starling:Media:RemoteFetchTimeoutSeconds", "3600", "Starling:Media:RemoteFetchTimeoutSeconds", "(got 3600)")]
    [InlineData("Starling:Media:RemoteFetchIdleSeconds", "0", "Starling:Media:RemoteFetchIdleSeconds", "between 1 and 1200")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named, string detail)
    {
        var error = Assert.Throws<StarlingConfigurationException>(() => Load((key, value)));

        Assert.Contains(named, error.Message);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused_naming_both_keys()
    {
        var error = Assert.Throws<StarlingConfigurationException>(() => Load(("Starling:Database:Provider", "postgres")));

        Assert.Contains("Starling:Database:ConnectionString is required when Starling:Database:Provider is 'postgres'", error.Message);
    }

    [Fact]
    public void Good_values_load_and_provider_names_ignore_case()
    {
        var options = Load(("Starling:Database:Provider", "PostgreS"), ("Starling:Database:ConnectionString", "Host=db"),
            ("Starling:PublicUrl", "https://social.example:8443/"), ("Starling:Registrations", "Approval"));

        Assert.Equal(DatabaseProvider.Postgres, options.Database.Provider);
        Assert.Equal(RegistrationMode.Approval, options.Registrations);
        Assert.Equal("social.example:8443", options.Domain);
    }

    [Fact]
    public void Building_the_app_with_a_bad_value_fails_before_anything_starts()
    {
        var error = Assert.Throws<StarlingConfigurationException>(() =>
            Cli.BuildApp(["--Starling:Database:Provider=oracle", $"--Starling:DataDirectory={Path.GetTempPath()}"]));

        Assert.Contains("Starling:Database:Provider", error.Message);
    }

    [Fact]
    public async Task The_program_exits_with_two_and_names_the_key_for_a_verb_and_for_serve()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Starling__Database__Provider"] = "postgres",
            ["Starling__DataDirectory"] = Path.GetTempPath(),
        };

        var migrate = await ServerProcess.RunAsync(environment, "migrate");
        var serve = await ServerProcess.RunAsync(new Dictionary<string, string?> { ["Starling__PublicUrl"] = "social.example" });

        Assert.Equal(2, migrate.ExitCode);
        Assert.Contains("Configuration error: Starling:Database:ConnectionString is required", migrate.Error);
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("Configuration error: Starling:PublicUrl must be an absolute http(s) URL", serve.Error);
        Assert.DoesNotContain("   at ", migrate.Error + serve.Error);
    }
}
