using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests;

/// <summary>Documents under Fixtures/, written from the servers' published examples.</summary>
internal static class Fixtures
{
    public static string Text(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    public static T Read<T>(string path)
        where T : ActivityObject => ActivityStreamsJson.Deserialize<T>(Text(path));
}
