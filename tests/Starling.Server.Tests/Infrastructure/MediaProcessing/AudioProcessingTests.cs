using Starling.Server.Data.Entities;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.MediaSamples;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

public sealed class AudioProcessingTests : IDisposable
{
    private readonly MediaSamples _samples = new();

    [Theory]
    [InlineData("tone.wav", "-c:a pcm_s16le")]
    [InlineData("tone.flac", "-c:a flac")]
    [InlineData("tone.ogg", "-c:a libvorbis")]
    [InlineData("tone.opus", "-c:a libopus -f ogg")]
    [InlineData("tone.m4a", "-c:a aac")]
    [InlineData("tone.webm", "-c:a libopus")]
    [InlineData("surround.flac", "-c:a flac -ac 6 -ar 96000")]
    public async Task Audio_becomes_an_mp3_of_the_same_length(string name, string codecs)
    {
        var input = _samples.Tone(name, $"{codecs} -metadata title=Song", seconds: 3);

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Audio, media.Type);
        Assert.Equal(("audio/mpeg", "mp3"), (media.Original.ContentType, media.Original.Extension));
        Assert.Equal("mp3", Probe(media.Original.Path).GetProperty("format").GetProperty("format_name").GetString());
        var audio = Assert.Single(Streams(media.Original.Path, "audio"));
        Assert.Equal("mp3", audio.GetProperty("codec_name").GetString());
        Assert.InRange(audio.GetProperty("channels").GetInt32(), 1, 2);
        Assert.Null(FormatTag(media.Original.Path, "title"));
        Assert.Equal(3, media.DurationSeconds!.Value, 0.1);
        Assert.Equal(3, double.Parse(Probe(media.Original.Path).GetProperty("format").GetProperty("duration").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture), 0.1);
        Assert.InRange(media.Bitrate!.Value, 100_000, 300_000);
        Assert.Null(media.Width);
        Assert.Null(media.Height);
        Assert.Null(media.FrameRate);
        Assert.Null(media.Preview);
    }

    [Fact]
    public async Task An_mp3_is_copied_without_its_tags()
    {
        var input = _samples.Tone("song.mp3", "-c:a libmp3lame -b:a 96k -metadata title=Song -metadata artist=Someone");
        Assert.Equal("Song", FormatTag(input, "title"));

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Audio, media.Type);
        Assert.Equal(PacketDigest(input, "a:0"), PacketDigest(media.Original.Path, "a:0"));
        Assert.Null(FormatTag(media.Original.Path, "title"));
        Assert.Null(FormatTag(media.Original.Path, "artist"));
        Assert.InRange(media.Bitrate!.Value, 80_000, 110_000);
        Assert.Equal(3, media.DurationSeconds!.Value, 0.1);
    }

    [Fact]
    public async Task An_mp3s_cover_becomes_its_preview_and_leaves_the_file()
    {
        var cover = _samples.Make("cover.png", "-f lavfi -i testsrc=size=800x600:duration=0.1 -frames:v 1");
        var song = _samples.Tone("plain.mp3", "-c:a libmp3lame");
        var input = _samples.Make("song.mp3", $"-i \"{song}\" -i \"{cover}\" -map 0 -map 1 -c copy -id3v2_version 3 -metadata:s:v comment=\"Cover (front)\"");
        Assert.Equal(2, Probe(input).GetProperty("streams").GetArrayLength());

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Audio, media.Type);
        Assert.Null(media.Width);
        AssertPreview(media.Preview, _samples.WorkDirectory, 640, 480);
        Assert.Empty(Streams(media.Original.Path, "video"));
    }

    [Fact]
    public async Task An_m4a_with_a_cover_is_audio_with_a_preview()
    {
        var cover = _samples.Make("cover.png", "-f lavfi -i testsrc=size=300x300:duration=0.1 -frames:v 1");
        var input = _samples.Make("song.m4a", $"-f lavfi -i sine=duration=2 -i \"{cover}\" -map 0 -map 1 -c:a aac -c:v png -disposition:v attached_pic");

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Audio, media.Type);
        AssertPreview(media.Preview, _samples.WorkDirectory, 300, 300);
    }

    public void Dispose() => _samples.Dispose();
}
