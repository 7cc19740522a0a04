using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Starling.Bench.Reporting;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;

namespace Starling.Bench.Media;

/// <summary>
/// What Starling adds to ffmpeg when it processes a video: a 1080p, 10-second VP9 and Opus WebM (what browsers record)
/// made once, then processed in turn by <see cref="AudioVideoProcessor"/> (probe, encode to H.264 and AAC with the poster
/// frame in the same run, probe the result, preview and blurhash) and by ffmpeg run by hand with the very command the
/// processor runs to encode — the yardstick. Rounds alternate which goes first. Time is measured on the wall clock and as CPU time
/// (this process's and its finished children's, so ffmpeg's included), which other load on a shared machine disturbs less.
/// </summary>
public sealed class MediaVideoBenchmark(BenchSettings settings, TextWriter output)
{
    public const double TargetOverhead = 0.10;

    public async Task<int> RunAsync()
    {
        var folder = settings.FreshDataDirectory("media-video");
        try
        {
            var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            output.WriteLine("Making the 1080p test video ...");
            var input = Path.Combine(folder, "upload.webm");
            var made = Stopwatch.StartNew();
            await RunFFmpegAsync("-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=10 " +
                "-f lavfi -i sine=frequency=440:duration=10 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v 4M " +
                $"-c:a libopus -shortest \"{input}\"");
            output.WriteLine(Invariant($"Made in {made.Elapsed.TotalSeconds:F1} s: {new FileInfo(input).Length / 1e6:F1} MB."));

            var processor = new AudioVideoProcessor(Options.Create(new StarlingOptions()), NullLogger<AudioVideoProcessor>.Instance);
            var probe = await processor.ProbeAsync(input, CancellationToken.None);
            var byHand = Path.Combine(folder, "by-hand.mp4");
            var arguments = AudioVideoCommands.Video(probe, input, byHand, Path.Combine(folder, "by-hand.bmp"), new MediaOptions().MaxVideoFrames).Arguments;

            var rounds = new List<Round>();
            for (var number = 0; number <= settings.Rounds; number++)
            {
                var warmup = number == 0;
                Measurement starling = default, ffmpeg = default;
                async Task Starling() => starling = await MeasureAsync(async () =>
                {
                    var work = Directory.CreateDirectory(Path.Combine(folder, $"work-{number}")).FullName;
                    await processor.ProcessAsync(input, work, CancellationToken.None);
                });
                async Task FFmpeg() => ffmpeg = await MeasureAsync(() => RunFFmpegAsync(arguments));
                if (number % 2 == 0)
                {
                    await Starling();
                    await FFmpeg();
                }
                else
                {
                    await FFmpeg();
                    await Starling();
                }
                var round = new Round(number, warmup, starling, ffmpeg);
                rounds.Add(round);
                output.WriteLine(Invariant($"{(warmup ? "Warm-up" : $"Round {number}")}: Starling {starling.Wall.TotalSeconds:F2} s ({starling.Cpu.TotalSeconds:F2} s CPU), ") +
                    Invariant($"ffmpeg by hand {ffmpeg.Wall.TotalSeconds:F2} s ({ffmpeg.Cpu.TotalSeconds:F2} s CPU)"));
            }

            var markdown = Report(rounds, arguments.Replace(folder, "…", StringComparison.Ordinal), loadAverage);
            await BenchReport.PublishAsync(settings, output, "latest-media-video.md", markdown);
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

    private string Report(IReadOnlyList<Round> rounds, string arguments, string loadAverage)
    {
        var measured = rounds.Where(r => !r.Warmup).ToList();
        // Each round's two runs are close in time, so their ratio is less disturbed by other load than the runs themselves.
        var wall = BenchReport.Median(measured.Select(r => r.Starling.Wall / r.FFmpeg.Wall)) - 1;
        var cpu = BenchReport.Median(measured.Select(r => r.Starling.Cpu / r.FFmpeg.Cpu)) - 1;
        var text = new StringBuilder();
        var commit = settings.Commit.Length > 0 ? $", commit {settings.Commit}" : "";
        text.AppendLine(Invariant($"### Video processing benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{commit}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores ({BenchReport.CpuModel()}), {BenchReport.TotalMemoryGiB():F0} GiB; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; load average before the run {loadAverage}. ") +
            "Input: a 1920×1080, 30 fps, 10-second `testsrc2` picture with a tone, as VP9 (4 Mb/s) and Opus in WebM. " +
            "Starling: `AudioVideoProcessor.ProcessAsync` (probe, encode with the poster frame in the same run, probe the result, JPEG preview and blurhash). " +
            Invariant($"By hand: `ffmpeg {arguments}`, the processor's own encoding command (poster frame included). ") +
            Invariant($"One warm-up round, then {measured.Count} measured; rounds alternate which runs first. CPU: user and system time of the benchmark's process and its finished children. ") +
            "On a machine shared with other work the wall clock varies with their load; the CPU time does much less.");
        text.AppendLine();
        text.AppendLine("| Round | Starling wall | ffmpeg by hand wall | Ratio | Starling CPU | ffmpeg by hand CPU | Ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var round in rounds)
        {
            text.AppendLine(Invariant($"| {(round.Warmup ? "Warm-up" : round.Number.ToString(CultureInfo.InvariantCulture))} | {round.Starling.Wall.TotalSeconds:F2} s | {round.FFmpeg.Wall.TotalSeconds:F2} s | {round.Starling.Wall / round.FFmpeg.Wall:F3} | ") +
                Invariant($"{round.Starling.Cpu.TotalSeconds:F2} s | {round.FFmpeg.Cpu.TotalSeconds:F2} s | {round.Starling.Cpu / round.FFmpeg.Cpu:F3} |"));
        }
        text.AppendLine();
        text.AppendLine("| Target | Measured (median of the rounds' ratios) | Met |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine(Invariant($"| Starling's overhead over ffmpeg by hand <= {TargetOverhead:P0}, wall clock | {Percent(wall)} | {Met(wall <= TargetOverhead)} |"));
        text.AppendLine(Invariant($"| Starling's overhead over ffmpeg by hand <= {TargetOverhead:P0}, CPU time | {Percent(cpu)} | {Met(cpu <= TargetOverhead)} |"));
        return text.ToString();
    }

    private static async Task<Measurement> MeasureAsync(Func<Task> work)
    {
        var cpuBefore = CpuTime();
        var started = Stopwatch.StartNew();
        await work();
        return new Measurement(started.Elapsed, CpuTime() - cpuBefore);
    }

    private static async Task RunFFmpegAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {errors}");
        }
    }

    /// <summary>This process's CPU time and that of its children that have ended (ffmpeg's, whoever started it).</summary>
    private static TimeSpan CpuTime()
    {
        var usage = new long[18];
        if (GetResourceUsage(ResourceUsageChildren, usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed.");
        }
        var children = TimeSpan.FromSeconds(usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6);
        return children + Process.GetCurrentProcess().TotalProcessorTime;
    }

    private const int ResourceUsageChildren = -1;

    /// <summary>getrusage(2): a struct rusage is two timevals (user, system) and fourteen longs, on 64-bit Linux.</summary>
    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, long[] usage);


    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture);

    private static string Met(bool met) => met ? "yes" : "**no**";

    private readonly record struct Measurement(TimeSpan Wall, TimeSpan Cpu);

    private sealed record Round(int Number, bool Warmup, Measurement Starling, Measurement FFmpeg);
}
