using System.Text;
using SkiaSharp;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// The blurhash of a picture (blurha.sh): a short string of its average colour and its broadest shapes, that apps
/// paint as a blur before the preview arrives. Computed here because no maintained .NET package of it is at hand.
/// </summary>
public static class Blurhash
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    /// <summary>The picture is first shrunk to at most this many pixels on its long side: a blur needs no more.</summary>
    private const int SampleSide = 64;

    /// <summary>Four by four components, as Mastodon computes them.</summary>
    public static string Encode(SKBitmap picture, int componentsX = 4, int componentsY = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentsX, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentsX, 9);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentsY, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentsY, 9);
        using var sample = Sample(picture);
        var width = sample.Width;
        var height = sample.Height;
        var linear = new (double R, double G, double B)[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pixel = sample.GetPixel(x, y);
                linear[y * width + x] = (ToLinear(pixel.Red), ToLinear(pixel.Green), ToLinear(pixel.Blue));
            }
        }

        var factors = new (double R, double G, double B)[componentsX * componentsY];
        for (var j = 0; j < componentsY; j++)
        {
            for (var i = 0; i < componentsX; i++)
            {
                double r = 0, g = 0, b = 0;
                for (var y = 0; y < height; y++)
                {
                    var basisY = Math.Cos(Math.PI * j * y / height);
                    for (var x = 0; x < width; x++)
                    {
                        var basis = Math.Cos(Math.PI * i * x / width) * basisY;
                        var (pr, pg, pb) = linear[y * width + x];
                        r += basis * pr;
                        g += basis * pg;
                        b += basis * pb;
                    }
                }
                var scale = (i == 0 && j == 0 ? 1.0 : 2.0) / (width * height);
                factors[j * componentsX + i] = (r * scale, g * scale, b * scale);
            }
        }

        var hash = new StringBuilder();
        Append(hash, componentsX - 1 + (componentsY - 1) * 9, 1);
        var maximum = 1.0;
        if (factors.Length > 1)
        {
            var largest = factors.Skip(1).Max(f => Math.Max(Math.Abs(f.R), Math.Max(Math.Abs(f.G), Math.Abs(f.B))));
            var quantised = (int)Math.Clamp(Math.Floor(largest * 166 - 0.5), 0, 82);
            maximum = (quantised + 1) / 166.0;
            Append(hash, quantised, 1);
        }
        else
        {
            Append(hash, 0, 1);
        }
        var (dcR, dcG, dcB) = factors[0];
        Append(hash, (ToSrgb(dcR) << 16) + (ToSrgb(dcG) << 8) + ToSrgb(dcB), 4);
        foreach (var (r, g, b) in factors.Skip(1))
        {
            Append(hash, Quantise(r / maximum) * 19 * 19 + Quantise(g / maximum) * 19 + Quantise(b / maximum), 2);
        }
        return hash.ToString();
    }

    /// <summary>The average colour a hash carries, as sRGB; for checking a hash against its picture.</summary>
    public static SKColor AverageColour(string hash)
    {
        var value = 0;
        foreach (var digit in hash.AsSpan(2, 4))
        {
            value = value * 83 + Digits.IndexOf(digit, StringComparison.Ordinal);
        }
        return new SKColor((byte)(value >> 16), (byte)((value >> 8) & 255), (byte)(value & 255));
    }

    private static SKBitmap Sample(SKBitmap picture)
    {
        var scale = Math.Min(1.0, (double)SampleSide / Math.Max(picture.Width, picture.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(picture.Width * scale)), Math.Max(1, (int)Math.Round(picture.Height * scale)),
            SKColorType.Rgba8888, SKAlphaType.Unpremul);
        return picture.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("The picture could not be shrunk for its blurhash.");
    }

    private static int Quantise(double value) =>
        (int)Math.Clamp(Math.Floor(Math.CopySign(Math.Sqrt(Math.Abs(value)), value) * 9 + 9.5), 0, 18);

    private static double ToLinear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    private static int ToSrgb(double value)
    {
        var v = Math.Clamp(value, 0, 1);
        return v <= 0.0031308 ? (int)(v * 12.92 * 255 + 0.5) : (int)((1.055 * Math.Pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void Append(StringBuilder hash, int value, int length)
    {
        for (var position = 1; position <= length; position++)
        {
            var divisor = 1;
            for (var k = 0; k < length - position; k++)
            {
                divisor *= 83;
            }
            hash.Append(Digits[value / divisor % 83]);
        }
    }
}
