using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Starling.Bench.Reporting;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;

namespace Starling.Bench.Media;

/// <summary>
/// Image processing: 50 different 2-megapixel JPEGs (frames of ffmpeg's test pattern), each processed as an upload is
/// — through <see cref="MediaProcessor"/>, so recognition, the pixel check, orientation, re-encoding, the preview and
/// the blurhash all count, within the processing slots — against the yardstick of the least any pipeline must do with
/// SkiaSharp: decode, encode the original again and encode a 640-pixel preview, with the same parallelism, in the same run.
/// Then a burst: all 50 handed over at once, as 50 simultaneous uploads would be, while the process's peak resident
/// memory is read before and after.
/// </summary>
public sealed class MediaImageBenchmark(BenchSettings settings, TextWriter output)
{
    private const int Images = 50;

    public async Task<int> RunAsync()
    {
        var folder = settings.FreshDataDirectory("media-images");
        try
        {
            var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            output.WriteLine($"Making {Images} 2-megapixel JPEGs ...");
            var inputs = Path.Combine(folder, "inputs");
            Directory.CreateDirectory(inputs);
            await RunFFmpegAsync($"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1632x1224:rate=25 -frames:v {Images} -q:v 3 \"{Path.Combine(inputs, "%02d.jpg")}\"");
            var files = Directory.GetFiles(inputs, "*.jpg").Order(StringComparer.Ordinal).ToList();

            var options = new StarlingOptions { DataDirectory = folder };
            var wrapped = Options.Create(options);
            var processor = new MediaProcessor(new ImageProcessor(wrapped, Microsoft.Extensions.Logging.Abstractions.NullLogger<ImageProcessor>.Instance), new AudioVideoProcessor(wrapped, Microsoft.Extensions.Logging.Abstractions.NullLogger<AudioVideoProcessor>.Instance), wrapped);
            var slots = options.Media.ProcessingConcurrency;

            var baseline = await EachAsync(files, slots, (file, work) => { Bare(file, work); return Task.CompletedTask; }, folder);
            var starling = await EachAsync(files, slots, async (file, work) =>
            {
                var identified = await processor.IdentifyAsync(file);
                await processor.ProcessAsync(file, identified, work);
            }, folder);
            var rounds = new List<(TimeSpan Starling, TimeSpan Bare)>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var bare = await EachAsync(files, slots, (file, work) => { Bare(file, work); return Task.CompletedTask; }, folder);
                var ours = await EachAsync(files, slots, async (file, work) =>
                {
                    var identified = await processor.IdentifyAsync(file);
                    await processor.ProcessAsync(file, identified, work);
                }, folder);
                rounds.Add((ours, bare));
                output.WriteLine(Invariant($"Round {round + 1}: Starling {Images / ours.TotalSeconds:F1} images/s, bare SkiaSharp {Images / bare.TotalSeconds:F1} images/s"));
            }

            // The burst: every file handed over at once; the processing slots decide how many are in memory together.
            GC.Collect();
            var before = PeakResidentBytes();
            ResetPeakResident();
            var resetWorked = PeakResidentBytes() < before;
            var residentBefore = ResidentBytes();
            var burst = Stopwatch.StartNew();
            await Task.WhenAll(files.Select(async file =>
            {
                var work = Directory.CreateDirectory(Path.Combine(folder, "burst-" + Guid.NewGuid().ToString("N"))).FullName;
                var identified = await processor.IdentifyAsync(file);
                await processor.ProcessAsync(file, identified, work);
                Directory.Delete(work, recursive: true);
            }));
            burst.Stop();
            var peak = PeakResidentBytes();

            var markdown = Report(rounds, slots, residentBefore, peak, resetWorked, burst.Elapsed, loadAverage);
            await BenchReport.PublishAsync(settings, output, "latest-media-images.md", markdown);
            return 0;
        }
        finally
        {
            if (!settings.KeepData)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The yardstick: decode, encode again, and a preview; no checks, no orientation, no blurhash.</summary>
    private static void Bare(string file, string work)
    {
        using var bitmap = SKBitmap.Decode(file);
        using (var again = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
        {
            File.WriteAllBytes(Path.Combine(work, "original.jpg"), again.ToArray());
        }
        var scale = 640.0 / Math.Max(bitmap.Width, bitmap.Height);
        using var small = bitmap.Resize(new SKImageInfo((int)(bitmap.Width * scale), (int)(bitmap.Height * scale)), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var preview = small.Encode(SKEncodedImageFormat.Jpeg, 85);
        File.WriteAllBytes(Path.Combine(work, "preview.jpg"), preview.ToArray());
    }

    private static async Task<TimeSpan> EachAsync(IReadOnlyList<string> files, int parallelism, Func<string, string, Task> process, string folder)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (file, _) =>
        {
            var work = Directory.CreateDirectory(Path.Combine(folder, "work-" + Guid.NewGuid().ToString("N"))).FullName;
            await process(file, work);
            Directory.Delete(work, recursive: true);
        });
        return clock.Elapsed;
    }

    private string Report(IReadOnlyList<(TimeSpan Starling, TimeSpan Bare)> rounds, int slots, long residentBefore, long peak, bool resetWorked, TimeSpan burst, string loadAverage)
    {
        var ratios = rounds.Select(r => r.Bare / r.Starling).Order().ToList();
        var median = ratios[ratios.Count / 2];
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### Image processing benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores ({BenchReport.CpuModel()}), {BenchReport.TotalMemoryGiB():F0} GiB; {RuntimeInformation.FrameworkDescription}; load average before the run {loadAverage}. ") +
            Invariant($"{Images} different 1632×1224 JPEGs, {slots} processing slot(s); one warm-up pass of each, then {rounds.Count} rounds."));
        text.AppendLine();
        text.AppendLine("| Round | Starling images/s | Bare SkiaSharp images/s | Starling ÷ bare |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        for (var i = 0; i < rounds.Count; i++)
        {
            text.AppendLine(Invariant($"| {i + 1} | {Images / rounds[i].Starling.TotalSeconds:F1} | {Images / rounds[i].Bare.TotalSeconds:F1} | {rounds[i].Bare / rounds[i].Starling:P0} |"));
        }
        text.AppendLine();
        text.AppendLine(Invariant($"Median: Starling processes images at {median:P0} of the bare rate. ") +
            Invariant($"Burst of {Images} at once: done in {burst.TotalSeconds:F1} s; resident memory {residentBefore / 1048576.0:F0} MiB before, peak {peak / 1048576.0:F0} MiB during") +
            (resetWorked ? "." : " (the peak could not be reset, so it may include the earlier rounds)."));
        return text.ToString();
    }

    private static long ResidentBytes() => StatusField("VmRSS:");

    private static long PeakResidentBytes() => StatusField("VmHWM:");

    /// <summary>Writing 5 to clear_refs resets the peak resident size the kernel reports.</summary>
    private static void ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long StatusField(string name)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task RunFFmpegAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException("ffmpeg did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}.");
        }
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
