using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// Makes an uploaded picture safe to keep and serve: its size checked before a pixel is decoded, turned upright as
/// its EXIF orientation says, scaled down to <c>Media:MaxStoredImagePixels</c> when larger (as Mastodon keeps at most
/// 3840×2160's worth), and encoded anew, so that nothing of the sent file but its pixels survives — no location, camera
/// or comment metadata, and no bytes hidden after the picture (a ZIP or a script of a polyglot file).
/// <para>
/// SkiaSharp decodes JPEG, PNG, GIF and WebP in this process. HEIC and AVIF, which it cannot read here, are decoded
/// to PNG by libheif's <c>heif-convert</c> in a process of its own (<see cref="HeifConverter"/>) once their header's
/// size is within the limits, and that PNG, trusted because it was made here, goes the same way as any picture.
/// </para>
/// </summary>
public sealed class ImageProcessor(IOptions<StarlingOptions> options, ILogger<ImageProcessor> logger)
{
    private const int JpegQuality = 90;

    private const int WebPQuality = 90;

    /// <summary>JPEG's own limit on a side; anything longer is a made-up header, not a photo.</summary>
    private const int MaxSide = 65_535;

    private const string OriginalName = "original";

    private const string PreviewName = "preview.jpg";

    private const string DecodedHeifName = "decoded.png";

    private readonly HeifConverter _heif = new(options.Value.Media.HeifFolder, logger);

    /// <summary>
    /// Whether the file is a GIF of more than one frame: such a file is a short film, made into a video elsewhere,
    /// not a picture for this class.
    /// </summary>
    public static bool IsAnimatedGif(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is { EncodedFormat: SKEncodedImageFormat.Gif, FrameCount: > 1 };
    }

    /// <summary>
    /// Writes the clean copy (JPEG stays JPEG, PNG PNG, WebP WebP, a still GIF becomes PNG, HEIC and AVIF become
    /// JPEG, as on Mastodon) and the preview into <paramref name="workDirectory"/>.
    /// </summary>
    /// <param name="format">What <see cref="ImageFormat.DetectAsync"/> made of the file's first bytes.</param>
    /// <exception cref="MediaRejectedException">The file is too large, damaged, animated WebP or undecodable here.</exception>
    /// <exception cref="InvalidOperationException">An animated GIF, which is for the video path.</exception>
    public Task<ProcessedMedia> ProcessAsync(string inputPath, ImageFormat format, string workDirectory, CancellationToken cancellationToken = default) =>
        DecodedHereWhenHeifAsync(inputPath, format, workDirectory, (path, decoded, sentAs) => Process(path, decoded, workDirectory, sentAs), cancellationToken);

    /// <summary>
    /// <see cref="ProcessAsync"/> for the formats SkiaSharp decodes in this process; HEIC and AVIF only where its build
    /// knows them, and refused by name elsewhere.
    /// </summary>
    public ProcessedMedia Process(string inputPath, ImageFormat format, string workDirectory) => Process(inputPath, format, workDirectory, sentAs: null);

    /// <param name="sentAs">The format of the file sent, when <paramref name="inputPath"/> is the PNG decoded from it here.</param>
    private ProcessedMedia Process(string inputPath, ImageFormat format, string workDirectory, ImageFormat? sentAs)
    {
        using var picture = DecodeUpright(inputPath, format, forAccountPicture: false, decodedHere: sentAs is not null);
        var (encoding, contentType, extension) = (sentAs ?? format).ContentType switch
        {
            "image/png" or "image/gif" => (OutputEncoding.Png, "image/png", "png"),
            "image/webp" => (IsLosslessWebP(inputPath) ? OutputEncoding.LosslessWebP : OutputEncoding.WebP, "image/webp", "webp"),
            _ => (OutputEncoding.Jpeg, "image/jpeg", "jpg"),
        };
        var original = Write(picture, encoding, Path.Combine(workDirectory, $"{OriginalName}.{extension}"), contentType, extension);
        return new ProcessedMedia
        {
            Type = MediaType.Image,
            Original = original,
            Preview = ImagePreview.Write(picture, Path.Combine(workDirectory, PreviewName)),
            Width = picture.Width,
            Height = picture.Height,
        };
    }

    /// <summary>
    /// An avatar or header: upright, cut to fill <paramref name="width"/>×<paramref name="height"/> around its centre,
    /// and shrunk to that size — never enlarged, so a small picture keeps its own resolution at the wanted shape.
    /// A PNG stays PNG (it may be transparent), anything else becomes JPEG; an animated GIF gives its first frame.
    /// </summary>
    public Task<ProcessedMedia> ProcessAccountPictureAsync(string inputPath, ImageFormat format, string workDirectory, int width, int height,
        CancellationToken cancellationToken = default) =>
        DecodedHereWhenHeifAsync(inputPath, format, workDirectory,
            (path, decoded, sentAs) => ProcessAccountPicture(path, decoded, workDirectory, width, height, sentAs), cancellationToken);

    /// <summary>
    /// Runs a processing step off the request's thread on the file as sent or, for HEIC and AVIF when libheif is here,
    /// on the PNG decoded from it in the work folder (deleted afterwards), telling the step what was sent.
    /// </summary>
    private async Task<ProcessedMedia> DecodedHereWhenHeifAsync(string inputPath, ImageFormat format, string workDirectory,
        Func<string, ImageFormat, ImageFormat?, ProcessedMedia> step, CancellationToken cancellationToken)
    {
        if (format.IsHeif && await DecodeHeifAsync(inputPath, workDirectory, cancellationToken) is { } decoded)
        {
            try
            {
                return await Task.Run(() => step(decoded.Path, decoded.Format, format), cancellationToken);
            }
            finally
            {
                File.Delete(decoded.Path);
            }
        }
        return await Task.Run(() => step(inputPath, format, null), cancellationToken);
    }

    private ProcessedMedia ProcessAccountPicture(string inputPath, ImageFormat format, string workDirectory, int width, int height, ImageFormat? sentAs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        using var picture = DecodeUpright(inputPath, format, forAccountPicture: true, decodedHere: sentAs is not null);
        using var cropped = CropToFill(picture, width, height);
        var png = (sentAs ?? format).ContentType == "image/png";
        var extension = png ? "png" : "jpg";
        var original = Write(cropped, png ? OutputEncoding.Png : OutputEncoding.Jpeg, Path.Combine(workDirectory, $"{OriginalName}.{extension}"),
            png ? "image/png" : "image/jpeg", extension);
        return new ProcessedMedia { Type = MediaType.Image, Original = original, Width = cropped.Width, Height = cropped.Height };
    }

    /// <summary>
    /// An HEIC or AVIF picture decoded to a PNG in <paramref name="workDirectory"/>, upright as the file's rotation and
    /// mirroring say, once its header's sizes are within the limits; null when <c>heif-convert</c> is not installed.
    /// </summary>
    private async Task<(string Path, ImageFormat Format)?> DecodeHeifAsync(string inputPath, string workDirectory, CancellationToken cancellationToken)
    {
        var limits = options.Value.Media;
        CheckLength(inputPath, limits);
        var header = HeifHeader.Read(inputPath) ?? throw new MediaRejectedException("The image is damaged or incomplete");
        CheckSize(header.Width, header.Height, limits.MaxImagePixels);
        foreach (var (width, height) in header.Sizes)
        {
            CheckSize(width, height, limits.MaxImagePixels);
        }
        // A file may hold several pictures side by side, and libheif decodes them all.
        var pixels = header.TopLevel.Sum(size => size.Width * size.Height);
        if (pixels > limits.MaxImagePixels)
        {
            throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The file holds {header.TopLevel.Count} pictures of {pixels:N0} pixels in all, more than the {Allowed(limits.MaxImagePixels)} allowed"));
        }

        var path = Path.Combine(workDirectory, DecodedHeifName);
        if (!await _heif.ConvertAsync(inputPath, path, header.PrimaryIndex, header.TopLevel.Count, HeifConverter.Timeout(pixels), cancellationToken))
        {
            return null;
        }
        // Made here, but still read as what it is: a PNG, with its size in its header.
        ImageFormat? format;
        await using (var file = File.OpenRead(path))
        {
            format = await ImageFormat.DetectAsync(file, cancellationToken);
        }
        if (format is not { ContentType: "image/png", Width: not null, Height: not null })
        {
            File.Delete(path);
            throw new MediaRejectedException("The image is damaged or incomplete");
        }
        return (path, format);
    }

    private static void CheckLength(string inputPath, MediaOptions limits)
    {
        var length = new FileInfo(inputPath).Length;
        if (length == 0)
        {
            throw new MediaRejectedException("The file is empty");
        }
        if (length > limits.MaxUploadBytes)
        {
            throw new MediaRejectedException($"The image is larger than {MediaRejectedException.Size(limits.MaxUploadBytes)}");
        }
    }

    /// <param name="decodedHere">
    /// Whether the file is the PNG decoded here from an HEIC or AVIF: libheif has turned it already, and the EXIF
    /// block it copies into the PNG still has the phone's orientation, which is not to be applied again (in HEIF the
    /// file's own rotation rules). SkiaSharp's PNG decoder does not read that block today; a build that does must not
    /// turn the picture twice.
    /// </param>
    private SKBitmap DecodeUpright(string inputPath, ImageFormat format, bool forAccountPicture, bool decodedHere = false)
    {
        var limits = options.Value.Media;
        // The decoded PNG is larger than the file sent may be.
        if (!decodedHere)
        {
            CheckLength(inputPath, limits);
        }
        // The header's own claim, when the format's signature check could read it, is refused before any decoder runs.
        if (format is { Width: { } claimedWidth, Height: { } claimedHeight })
        {
            CheckSize(claimedWidth, claimedHeight, limits.MaxImagePixels);
        }

        using var codec = SKCodec.Create(inputPath);
        if (codec is null)
        {
            // This build of the decoder may know no HEIF; the person can still send the picture as JPEG.
            throw new MediaRejectedException(format.IsHeif
                ? $"{format.Name} images are not supported on this server"
                : "The image is damaged or incomplete");
        }
        if (!Matches(codec.EncodedFormat, format))
        {
            throw new MediaRejectedException("The image is damaged or incomplete");
        }
        var info = codec.Info;
        CheckSize(info.Width, info.Height, limits.MaxImagePixels);
        if (codec.FrameCount > 1 && !forAccountPicture)
        {
            if (codec.EncodedFormat == SKEncodedImageFormat.Gif)
            {
                throw new InvalidOperationException("An animated GIF is made into a video, not processed as a picture.");
            }
            throw new MediaRejectedException($"Animated {format.Name} images are not supported; upload a GIF or a video instead");
        }

        // A picture over the kept size is decoded at the smallest size the codec offers at or above it (JPEG in eighths,
        // WebP at any size), so its full size is never held in memory, and then brought to the exact size.
        var (keptWidth, keptHeight) = KeptSize(info.Width, info.Height, limits.MaxStoredImagePixels);
        var decodeSize = DecodeSize(codec, keptWidth, keptHeight);
        // Decoded into sRGB, so that the colours stay right once the colour profile is left out of the new file.
        var target = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKImageInfo.PlatformColorType,
            info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var decoded = new SKBitmap();
        try
        {
            if (!decoded.TryAllocPixels(target))
            {
                throw new InvalidOperationException($"No memory for a {target.Width}×{target.Height} picture.");
            }
            var result = codec.GetPixels(target, decoded.GetPixels());
            if (result != SKCodecResult.Success)
            {
                throw new MediaRejectedException("The image is damaged or incomplete");
            }
            var upright = Upright(decoded, decodedHere ? SKEncodedOrigin.TopLeft : codec.EncodedOrigin, keptWidth, keptHeight);
            if (!ReferenceEquals(upright, decoded))
            {
                decoded.Dispose();
            }
            // Only read from now on; drawing an immutable bitmap (the preview) shares its pixels instead of copying them.
            upright.SetImmutable();
            return upright;
        }
        catch
        {
            decoded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The size a picture is kept at: its own when it has at most <paramref name="maxPixels"/> pixels, else scaled down
    /// to fit them with its shape kept.
    /// </summary>
    internal static (int Width, int Height) KeptSize(int width, int height, long maxPixels)
    {
        if ((long)width * height <= maxPixels)
        {
            return (width, height);
        }
        var scale = Math.Sqrt((double)maxPixels / ((long)width * height));
        var (keptWidth, keptHeight) = ((int)(width * scale), (int)(height * scale));
        if (keptWidth < 1)
        {
            (keptWidth, keptHeight) = (1, (int)Math.Min(height, maxPixels));
        }
        else if (keptHeight < 1)
        {
            (keptWidth, keptHeight) = ((int)Math.Min(width, maxPixels), 1);
        }
        // Rounding may leave it a pixel over.
        while ((long)keptWidth * keptHeight > maxPixels)
        {
            if (keptWidth >= keptHeight)
            {
                keptWidth--;
            }
            else
            {
                keptHeight--;
            }
        }
        return (keptWidth, keptHeight);
    }

    /// <summary>The smallest size the codec decodes to that is at least the wanted one; the full size when none smaller is.</summary>
    private static SKSizeI DecodeSize(SKCodec codec, int width, int height)
    {
        var full = codec.Info.Size;
        if (width == full.Width && height == full.Height)
        {
            return full;
        }
        var best = full;
        float[] scales = [Math.Max((float)width / full.Width, (float)height / full.Height), 1 / 8f, 2 / 8f, 3 / 8f, 4 / 8f, 5 / 8f, 6 / 8f, 7 / 8f];
        foreach (var scale in scales)
        {
            var size = codec.GetScaledDimensions(scale);
            if (size.Width >= width && size.Height >= height && (long)size.Width * size.Height < (long)best.Width * best.Height)
            {
                best = size;
            }
        }
        return best;
    }

    private static void CheckSize(long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new MediaRejectedException("The image has no pixels");
        }
        if (width * height > maxPixels)
        {
            throw new MediaRejectedException($"The image is {width}×{height} pixels, more than the {Allowed(maxPixels)} allowed");
        }
        if (width > MaxSide || height > MaxSide)
        {
            throw new MediaRejectedException($"The image is {width}×{height} pixels, longer than {MaxSide} pixels on a side");
        }
    }

    private static string Allowed(long maxPixels) => maxPixels >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{maxPixels / 1_000_000.0:0.#} megapixels")
        : string.Create(CultureInfo.InvariantCulture, $"{maxPixels:N0} pixels");

    /// <summary>The decoder's reading of the content agrees with the signature's, so no file is taken for another kind.</summary>
    private static bool Matches(SKEncodedImageFormat decoded, ImageFormat format) => (decoded, format.ContentType) switch
    {
        (SKEncodedImageFormat.Jpeg, "image/jpeg") => true,
        (SKEncodedImageFormat.Png, "image/png") => true,
        (SKEncodedImageFormat.Gif, "image/gif") => true,
        (SKEncodedImageFormat.Webp, "image/webp") => true,
        (SKEncodedImageFormat.Avif, "image/avif") => true,
        (SKEncodedImageFormat.Heif, "image/heic" or "image/heif") => true,
        _ => false,
    };

    /// <summary>
    /// Turns the stored pixels as the EXIF orientation says they are to be shown (a camera held upright stores its
    /// picture on its side with orientation 6), scaled to <paramref name="width"/>×<paramref name="height"/> as stored,
    /// in one drawing. The result is the bitmap itself when it is upright and of that size already.
    /// </summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin, int width, int height)
    {
        var scaled = source.Width != width || source.Height != height;
        if (origin == SKEncodedOrigin.TopLeft && !scaled)
        {
            return source;
        }
        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = sideways ? (height, width) : (width, height);
        var upright = new SKBitmap(new SKImageInfo(uprightWidth, uprightHeight, source.ColorType, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(upright);
        canvas.Clear(SKColors.Transparent);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: // Mirrored left to right.
                canvas.Translate(uprightWidth, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight: // Upside down.
                canvas.Translate(uprightWidth, uprightHeight);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft: // Mirrored top to bottom.
                canvas.Translate(0, uprightHeight);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop: // Rows stored as columns: transposed.
                canvas.Scale(-1, 1);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightTop: // To be turned a quarter clockwise.
                canvas.Translate(uprightWidth, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom: // Transposed the other way.
                canvas.Translate(uprightWidth, uprightHeight);
                canvas.Scale(1, -1);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.LeftBottom: // To be turned a quarter anticlockwise.
                canvas.Translate(0, uprightHeight);
                canvas.RotateDegrees(-90);
                break;
        }
        // Turning alone moves whole pixels. Mitchell's cubic is sharp down to half size; below that it skips pixels,
        // where mipmaps average them instead.
        var sampling = !scaled ? new SKSamplingOptions(SKFilterMode.Nearest)
            : (double)width / source.Width >= 0.5 ? new SKSamplingOptions(SKCubicResampler.Mitchell)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        // Immutable, the image shares the decoded pixels instead of copying them.
        source.SetImmutable();
        using (var image = SKImage.FromBitmap(source))
        using (var paint = new SKPaint { BlendMode = SKBlendMode.Src })
        {
            canvas.DrawImage(image, new SKRect(0, 0, width, height), sampling, paint);
        }
        canvas.Flush();
        return upright;
    }

    private static SKBitmap CropToFill(SKBitmap picture, int width, int height)
    {
        // The largest centred part of the picture with the wanted shape.
        var wanted = (double)width / height;
        var (cropWidth, cropHeight) = (double)picture.Width / picture.Height > wanted
            ? (Math.Max(1, (int)Math.Round(picture.Height * wanted)), picture.Height)
            : (picture.Width, Math.Max(1, (int)Math.Round(picture.Width / wanted)));
        var crop = SKRectI.Create((picture.Width - cropWidth) / 2, (picture.Height - cropHeight) / 2, cropWidth, cropHeight);
        var (outWidth, outHeight) = cropWidth >= width ? (width, height) : (cropWidth, cropHeight);
        var result = new SKBitmap(new SKImageInfo(outWidth, outHeight, picture.ColorType, picture.AlphaType, picture.ColorSpace));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Transparent);
        using var image = SKImage.FromBitmap(picture);
        using var paint = new SKPaint { BlendMode = SKBlendMode.Src };
        canvas.DrawImage(image, crop, new SKRect(0, 0, outWidth, outHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        canvas.Flush();
        return result;
    }

    private enum OutputEncoding
    {
        Jpeg,
        Png,
        WebP,
        LosslessWebP,
    }

    private static ProcessedFile Write(SKBitmap picture, OutputEncoding encoding, string path, string contentType, string extension)
    {
        using var flattened = encoding == OutputEncoding.Jpeg && picture.AlphaType != SKAlphaType.Opaque ? OnWhite(picture) : null;
        var source = flattened ?? picture;
        // The pixels are sRGB already; without a colour space the encoders write no profile, and none of the
        // metadata of the sent file was ever read into the bitmap.
        using var pixels = source.PeekPixels();
        using var pixmap = pixels.WithColorSpace(null!);
        using var data = encoding switch
        {
            OutputEncoding.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            OutputEncoding.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)),
            OutputEncoding.WebP => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebPQuality)),
            _ => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 75)),
        } ?? throw new InvalidOperationException($"The picture could not be encoded as {contentType}.");
        using (var file = File.Create(path))
        {
            data.SaveTo(file);
        }
        return new ProcessedFile(path, contentType, extension, new FileInfo(path).Length);
    }

    /// <summary>JPEG has no transparency: transparent parts are painted white, not left to turn black.</summary>
    private static SKBitmap OnWhite(SKBitmap picture)
    {
        var flat = new SKBitmap(new SKImageInfo(picture.Width, picture.Height, picture.ColorType, SKAlphaType.Opaque, picture.ColorSpace));
        using var canvas = new SKCanvas(flat);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(picture, 0, 0);
        canvas.Flush();
        return flat;
    }

    /// <summary>
    /// A lossless WebP (its image chunk "VP8L") is kept lossless: it is most often a drawing. The RIFF chunks are
    /// walked to the first image chunk, past an extended file's header, colour profile and metadata.
    /// </summary>
    private static bool IsLosslessWebP(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> chunk = stackalloc byte[8];
        file.Position = 12;
        while (file.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) == chunk.Length)
        {
            if (chunk[..4].SequenceEqual("VP8L"u8))
            {
                return true;
            }
            if (chunk[..4].SequenceEqual("VP8 "u8) || chunk[..4].SequenceEqual("ANMF"u8))
            {
                return false;
            }
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            file.Position += size + (size & 1);
        }
        return false;
    }
}
