using SkiaSharp;
using Starling.Server.Infrastructure.MediaProcessing;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>The blurhash carries the picture's average colour and its broad shapes, in the standard's layout.</summary>
public sealed class BlurhashTests
{
    [Theory]
    [InlineData(200, 100, 50)]
    [InlineData(0, 0, 0)]
    [InlineData(255, 255, 255)]
    [InlineData(18, 140, 222)]
    public void A_solid_picture_carries_its_colour_in_a_hash_of_36_characters(byte red, byte green, byte blue)
    {
        using var picture = Solid(48, 32, new SKColor(red, green, blue));

        var hash = Blurhash.Encode(picture);

        // One character for the components, one for the largest factor, four for the average, two for each of 15 others.
        Assert.Equal(1 + 1 + 4 + 2 * 15, hash.Length);
        Assert.Equal('U', hash[0]); // 4×4 components: (4 - 1) + (4 - 1) × 9 = 30, the digit U.
        var average = Blurhash.AverageColour(hash);
        Assert.InRange(average.Red, red - 2, red + 2);
        Assert.InRange(average.Green, green - 2, green + 2);
        Assert.InRange(average.Blue, blue - 2, blue + 2);
    }

    [Fact]
    public void A_picture_and_its_mirror_have_different_hashes_but_the_same_average()
    {
        using var redLeft = Paint(64, 32, (x, _) => x < 32 ? new SKColor(255, 0, 0) : new SKColor(0, 0, 255));
        using var blueLeft = Paint(64, 32, (x, _) => x < 32 ? new SKColor(0, 0, 255) : new SKColor(255, 0, 0));

        var hash = Blurhash.Encode(redLeft);
        var mirrored = Blurhash.Encode(blueLeft);

        Assert.NotEqual(hash, mirrored);
        Assert.Equal(hash[..6], mirrored[..6]);
        Assert.Equal(Blurhash.AverageColour(hash), Blurhash.AverageColour(mirrored));
    }

    [Fact]
    public void The_component_counts_are_written_first()
    {
        using var picture = Quadrants(40, 40);

        Assert.Equal(1 + 1 + 4 + 2 * (3 * 2 - 1), Blurhash.Encode(picture, 3, 2).Length);
        Assert.Equal(6, Blurhash.Encode(picture, 1, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Blurhash.Encode(picture, 10, 1));
    }
}
