namespace Starling.Testing;

/// <summary>The database a test instance runs on; integration tests run once per value.</summary>
public enum TestDatabase
{
    Sqlite,
    Postgres,
}
