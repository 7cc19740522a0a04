using Starling.Server.Api.Entities.Renderers;

namespace Starling.Server.Tests.Api.Entities;

public sealed class MediaAttachmentRendererTests
{
    [Theory]
    [InlineData(88.654, "0:01:28.65")]
    [InlineData(125.5, "0:02:05.50")]
    [InlineData(402.860408, "0:06:42.86")]
    [InlineData(1.11, "0:00:01.11")]
    [InlineData(3725.999, "1:02:06.00")]
    [InlineData(0, "0:00:00.00")]
    public void A_length_is_written_as_mastodon_writes_it(double seconds, string expected)
    {
        Assert.Equal(expected, MediaAttachmentRenderer.LengthText(seconds));
    }
}
