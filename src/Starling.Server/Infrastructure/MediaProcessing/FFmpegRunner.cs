using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Logging;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// Runs ffprobe and ffmpeg for media processing: within a time limit, stopped at once when the work is cancelled, and
/// with their error output kept for the log alone (it names paths and internals, and means nothing to the sender).
/// </summary>
internal sealed class FFmpegRunner(FFOptions ffOptions, ILogger logger)
{
    /// <summary>
    /// Reading a file's headers takes a fraction of a second; a minute is for a machine under heavy load, and stops a
    /// file crafted to keep ffprobe busy.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(1);

    /// <summary>What ffprobe makes of the file when it is in one of <paramref name="containers"/>; null when it cannot read it.</summary>
    public async Task<IMediaAnalysis?> ProbeAsync(string path, IReadOnlyList<string> containers, CancellationToken cancellationToken)
    {
        EnsureInstalled();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ProbeTimeout);
        try
        {
            return await FFProbe.AnalyseAsync(path, ffOptions, AudioVideoCommands.InputRestrictions(containers), limit.Token);
        }
        catch (Exception exception) when (exception is FFProbeProcessException or FormatNullException or JsonException or FormatException)
        {
            // Not a file ffprobe reads (or a container not on the list): the caller says so in its own words.
            logger.LogDebug(exception, "ffprobe could not read {Path}", path);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaRejectedException("The file took too long to read");
        }
    }

    /// <summary>
    /// FFMpegCore falls back to the PATH when the configured folder lacks the programs; a folder set on purpose is
    /// either used or reported wrong.
    /// </summary>
    private void EnsureInstalled()
    {
        if (string.IsNullOrEmpty(ffOptions.BinaryFolder))
        {
            return;
        }
        var suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        foreach (var program in new[] { "ffmpeg", "ffprobe" })
        {
            if (!File.Exists(Path.Combine(ffOptions.BinaryFolder, program + suffix)))
            {
                throw new FileNotFoundException(
                    $"{program} is not in {ffOptions.BinaryFolder}, the folder Starling:Media:FFmpegFolder names; leave it empty to find it on the PATH.");
            }
        }
    }

    /// <summary>
    /// Runs one command with <paramref name="workDirectory"/> as its current folder. Throws
    /// <see cref="OperationCanceledException"/> when cancelled (ffmpeg is killed), <see cref="MediaRejectedException"/>
    /// past <paramref name="timeout"/>, and <see cref="IOException"/> when the disk is full; any other failure is
    /// returned, for the caller to name.
    /// </summary>
    public async Task<FFMpegResult> RunAsync(FFMpegArgumentProcessor command, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        // Options of its own for each run: FFMpegCore's Configure changes the options object it is given, and a shared
        // one would send every later run (ffprobe too) into this run's work folder after it is deleted.
        var runOptions = new FFOptions { BinaryFolder = ffOptions.BinaryFolder, WorkingDirectory = workDirectory };
        var result = await command
            // No grace period: a cancelled upload's half-made file is of no use, so ffmpeg is not asked to finish it.
            .CancellableThrough(limit.Token, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false, runOptions);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Cancelled || limit.IsCancellationRequested)
        {
            logger.LogDebug("ffmpeg {Arguments} ran past {Timeout} and was stopped", command.Arguments, timeout);
            throw new MediaRejectedException("The file took too long to process");
        }
        if (!result.Success)
        {
            logger.LogDebug("ffmpeg {Arguments} exited with {ExitCode}: {Errors}", command.Arguments, result.ExitCode,
                string.Join('\n', result.StandardError));
            if (result.StandardError.Any(line => line.Contains("No space left on device", StringComparison.Ordinal)))
            {
                throw new IOException("The disk is full: no space left for media processing.");
            }
        }
        return result;
    }
}
