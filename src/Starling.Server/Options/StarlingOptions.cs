using System.ComponentModel.DataAnnotations;

namespace Starling.Server.Options;

/// <summary>The <c>Starling</c> configuration section. Every key is documented in docs/configuration.md.</summary>
public sealed class StarlingOptions
{
    public const string Section = "Starling";

    /// <summary>Base URL used for every link and id the server hands out.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>Where the SQLite database (and later media) live.</summary>
    public string DataDirectory { get; set; } = "./data";

    public DatabaseOptions Database { get; set; } = new();

    public RegistrationMode Registrations { get; set; } = RegistrationMode.Open;

    [Range(1, 100_000)]
    public int MaxStatusCharacters { get; set; } = 500;

    public JobsOptions Jobs { get; set; } = new();

    /// <summary>
    /// How long a rendered timeline page (home, local) may be served again to the same reader; 0 turns the cache off.
    /// Writes on this node evict the pages they affect at once; this bounds relative times and other nodes' writes.
    /// </summary>
    [Range(0, 3600)]
    public int PageCacheSeconds { get; set; } = 30;

    /// <summary>Instance name shown in the web UI.</summary>
    public string InstanceName { get; set; } = "Starling";

    /// <summary>A short plain-text description of the server, shown by apps.</summary>
    public string Description { get; set; } = "";

    /// <summary>Where people can reach the server's staff; apps show it.</summary>
    public string ContactEmail { get; set; } = "";

    /// <summary>The server rules, one sentence each, in order.</summary>
    public List<string> Rules { get; set; } = [];

    /// <summary>Where the running code can be read (the AGPL asks servers to say); defaults to the public URL.</summary>
    public string? SourceUrl { get; set; }

    public OAuthOptions OAuth { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public MediaOptions Media { get; set; } = new();

    public StreamingOptions Streaming { get; set; } = new();

    public FederationOptions Federation { get; set; } = new();

    /// <summary>
    /// Reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: only
    /// a proxy on this machine (loopback).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public Uri PublicUri => new(PublicUrl.TrimEnd('/') + "/");

    /// <summary>The host (with a port when not default) that forms the domain part of handles.</summary>
    public string Domain => PublicUri.IsDefaultPort ? PublicUri.Host : $"{PublicUri.Host}:{PublicUri.Port}";
}

public enum RegistrationMode
{
    Open,
    Approval,
    Closed,
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Optional for SQLite (defaults to a file under the data directory); required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class JobsOptions
{
    /// <summary>When false no worker runs; tests drain the queue themselves.</summary>
    public bool RunWorkers { get; set; } = true;

    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>Attempts before a job is parked for an admin to look at.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;
}
