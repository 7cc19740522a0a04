using System.Text;

namespace Starling.Bench.Seeding;

/// <summary>Plausible post text of varied length: words, an occasional link and hashtags, from a seeded random source.</summary>
public sealed class TextGenerator(Random random)
{
    private static readonly string[] Words =
    [
        "the", "a", "morning", "coffee", "train", "late", "again", "code", "review", "finally", "works", "bird", "garden",
        "rain", "sunny", "weekend", "reading", "book", "about", "history", "music", "album", "new", "release", "server",
        "update", "today", "tomorrow", "meeting", "lunch", "walk", "river", "city", "bike", "ride", "photo", "friends",
        "dinner", "recipe", "bread", "soup", "tea", "night", "sky", "stars", "moon", "cat", "dog", "sleeping", "window",
        "thinking", "small", "big", "idea", "project", "release", "bug", "fixed", "test", "passing", "green", "deploy",
        "quiet", "loud", "neighbours", "market", "fresh", "apples", "autumn", "winter", "spring", "summer", "leaves",
        "snow", "train", "station", "delayed", "because", "of", "and", "but", "so", "with", "without", "really",
        "very", "nice", "strange", "funny", "lovely", "tired", "happy", "busy", "slow", "fast", "open", "source",
        "community", "federation", "timeline", "post", "reply", "thread", "hello", "everyone", "welcome", "thanks",
    ];

    private static readonly string[] TagNames =
    [
        "Fediverse", "dotnet", "csharp", "photography", "birds", "gardening", "cooking", "music", "books", "running",
        "cycling", "opensource", "linux", "coffee", "cats", "dogs", "travel", "art", "science", "history",
        "climate", "weather", "podcast", "gaming", "movies", "hiking", "baking", "knitting", "astronomy", "caturday",
    ];

    public string Sentence(int minWords, int maxWords)
    {
        var count = random.Next(minWords, maxWords + 1);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var word = Words[random.Next(Words.Length)];
            if (i == 0)
            {
                text.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
            else
            {
                text.Append(' ').Append(word);
            }
        }
        return text.Append(random.Next(4) == 0 ? '!' : '.').ToString();
    }

    /// <summary>One to three sentences, sometimes two paragraphs, a link or hashtags.</summary>
    public string Post()
    {
        var text = new StringBuilder(Sentence(4, 18));
        var more = random.Next(3);
        for (var i = 0; i < more; i++)
        {
            text.Append(random.Next(5) == 0 ? "\n\n" : " ").Append(Sentence(3, 14));
        }
        if (random.Next(20) == 0)
        {
            text.Append(" https://example.com/articles/").Append(random.Next(100_000)).Append("-a-long-article-title");
        }
        if (random.Next(6) == 0)
        {
            var tags = random.Next(1, 4);
            text.Append("\n\n");
            for (var i = 0; i < tags; i++)
            {
                text.Append(i == 0 ? "#" : " #").Append(TagNames[random.Next(TagNames.Length)]);
            }
        }
        return text.ToString();
    }
}
