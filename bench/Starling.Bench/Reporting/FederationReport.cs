using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Starling.Bench.Federation;

namespace Starling.Bench.Reporting;

/// <summary>The federation benchmarks' tables as Markdown, with the machine, the ratios to their yardsticks, and the targets.</summary>
public sealed class FederationReport(BenchSettings settings, DateTime finishedAt)
{
    public const double TargetDeliveryShareOfSignatures = 0.60;
    public const double TargetInboxPerSecond = 1_000;

    public string Delivery(DeliveryResult result)
    {
        var text = Heading("Delivery benchmark", result.LoadAverageBefore);
        text.AppendLine(Invariant($"Data: one local account followed from {result.Followers:N0} remote accounts, each on a host of its own (127.0.x.y, one Kestrel sink in the benchmark's process answering 202), no shared inboxes; seeded in {result.SeedTime.TotalSeconds:F1} s. ") +
            Invariant($"Each round posts once through `POST /api/v1/statuses` and waits for the {result.Followers:N0}th POST to arrive; the server delivers with `DeliveryConcurrency` = {result.Concurrency}. ") +
            Invariant($"{WarmupPosts(result.Rounds.Count(r => r.Warmup))} before the {result.Measured.Count} measured. ") +
            Invariant($"The yardstick: RSA-2048 PKCS#1 v1.5 SHA-256 signatures of a delivery's signing string on {result.Concurrency} threads in the benchmark's process, for {settings.DurationSeconds} s before the first post. ") +
            Invariant($"The second yardstick, after the server's rounds: the benchmark's process signs (`DraftCavageSigner`, one key per worker) and POSTs a {result.Bare.BodyBytes:N0}-byte activity, the size of the server's deliveries, to each of the {result.Followers:N0} inboxes on the sink, with {result.Bare.Workers} concurrent workers through the server's own `FederationHttpClient`, with pooled keep-alive connections: no queue, no database; ") +
            Invariant($"one unmeasured pass opens the connections, then the median of {result.Bare.Measured.Count} passes. Its CPU column is the whole process's, the sink's included."));
        text.AppendLine();
        text.AppendLine("| Round | First delivery after | Last delivery after | Deliveries/s | Server CPU per delivery | Share of signatures/s | Share of bare signed POSTs/s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var bare = result.Bare.DeliveriesPerSecond;
        foreach (var round in result.Rounds)
        {
            var rate = round.DeliveriesPerSecond(result.Followers);
            var name = !round.Warmup ? round.Number.ToString(CultureInfo.InvariantCulture)
                : round.Number == 1 ? "Warm-up 1 (cold JIT, no open connections)" : Invariant($"Warm-up {round.Number}");
            text.AppendLine(Invariant($"| {name} | {round.ToFirst.TotalMilliseconds:N0} ms | {round.ToLast.TotalMilliseconds:N0} ms | {rate:N0} | {round.ServerCpu.TotalMilliseconds / result.Followers:F2} ms | {Percent(rate / result.SignaturesPerSecond)} | {Percent(rate / bare)} |"));
        }
        text.AppendLine(Invariant($"| Yardstick: RSA-2048 signatures/s on {result.Concurrency} threads | | | {result.SignaturesPerSecond:N0} | {result.SignatureCpuMs:F2} ms per signature | 100% | |"));
        var median = result.Bare.Median;
        text.AppendLine(Invariant($"| Yardstick: bare signed POSTs from one process (same signer, same sink) | {median.ToFirst.TotalMilliseconds:N0} ms | {median.ToLast.TotalMilliseconds:N0} ms | {bare:N0} | {median.ProcessCpu.TotalMilliseconds / median.Count:F2} ms (client and sink) | {Percent(bare / result.SignaturesPerSecond)} | 100% |"));
        text.AppendLine();
        text.AppendLine(Invariant($"Server memory (RSS) at the end: {Mb(result.ServerMemory.RssBytes)}, peak {Mb(result.ServerMemory.PeakRssBytes)}. Deliveries without a Signature header: {result.Unsigned}."));
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine(Invariant($"| Deliveries/s >= {TargetDeliveryShareOfSignatures:P0} of signatures/s (median of {result.Measured.Count} measured rounds) | {Percent(result.Share)} | {Met(result.Share >= TargetDeliveryShareOfSignatures)} |"));
        text.AppendLine(Invariant($"| Deliveries/s as a share of bare signed POSTs/s (median of {result.Measured.Count} measured rounds; for information, not a target) | {Percent(result.ShareOfBare)} | n/a |"));
        return text.ToString();
    }

    public string Inbox(InboxResult result)
    {
        var text = Heading("Inbox benchmark", result.LoadAverageBefore);
        text.AppendLine(Invariant($"Data: one local account following {result.Actors} remote actors (accounts and public keys seeded; nothing is fetched). ") +
            Invariant($"Load: {result.Activities:N0} public `Create(Note)` activities, signed beforehand (draft-cavage, rsa-sha256, {result.SignTime.TotalSeconds:F0} s to sign them and the warm-up) round-robin by the actors, POSTed to the shared inbox `/inbox` over {result.Connections} keep-alive connections by a client in the benchmark's process, after a warm-up batch of {settings.InboxWarmup:N0} other activities was {(settings.InboxAcceptOnly ? "accepted" : "accepted and processed")}. ") +
            "Processed: from the first POST until every post is stored as a status; drained: until the job queue is empty (the fan-out to the follower's home done too). " +
            "The yardstick: the same client POSTing the same bodies to a bare Kestrel endpoint that reads the body and answers 202, in its own process, after the same warm-up batch.");
        text.AppendLine();
        text.AppendLine("| Endpoint | Requests | Accepted (202) | Seconds | Per second | p50 ms | p99 ms | Share of baseline |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var baseline = result.Baseline.RequestsPerSecond;
        text.AppendLine(Invariant($"| Starling `/inbox`, accepted | {result.Accepted.Sent:N0} | {result.Accepted.Accepted:N0} | {result.Accepted.Elapsed.TotalSeconds:F1} | {result.Accepted.AcceptedPerSecond:N0} | {result.Accepted.P50Ms:F1} | {result.Accepted.P99Ms:F1} | {Percent(result.Accepted.AcceptedPerSecond / baseline)} |"));
        if (settings.InboxAcceptOnly)
        {
            text.AppendLine(Invariant($"| Baseline: bare Kestrel POST (median of 5 batches) | {result.Baseline.Sent:N0} | {result.Baseline.Accepted:N0} | {result.Baseline.Elapsed.TotalSeconds:F1} | {baseline:N0} | {result.Baseline.P50Ms:F1} | {result.Baseline.P99Ms:F1} | 100% |"));
            text.AppendLine();
            text.AppendLine(Invariant($"Job workers off (`--accept-only`): nothing was processed. Server CPU time: {result.ServerCpuWhileAccepting.TotalMilliseconds / result.Activities:F2} ms per activity accepted."));
            return text.ToString();
        }
        text.AppendLine(Invariant($"| Starling `/inbox`, processed (stored as statuses) | {result.Activities:N0} | | {result.ProcessedAfter.TotalSeconds:F1} | {result.ProcessedPerSecond:N0} | | | {Percent(result.ProcessedPerSecond / baseline)} |"));
        text.AppendLine(Invariant($"| Starling `/inbox`, job queue drained (home feed fan-out done) | {result.Activities:N0} | | {result.DrainedAfter.TotalSeconds:F1} | {result.DrainedPerSecond:N0} | | | {Percent(result.DrainedPerSecond / baseline)} |"));
        text.AppendLine(Invariant($"| Baseline: bare Kestrel POST (median of 5 batches) | {result.Baseline.Sent:N0} | {result.Baseline.Accepted:N0} | {result.Baseline.Elapsed.TotalSeconds:F1} | {baseline:N0} | {result.Baseline.P50Ms:F1} | {result.Baseline.P99Ms:F1} | 100% |"));
        text.AppendLine();
        text.AppendLine(Invariant($"Server CPU time (user and system): {result.ServerCpuWhileAccepting.TotalMilliseconds / result.Activities:F2} ms per activity while the batch was being accepted, {result.ServerCpuInAll.TotalMilliseconds / result.Activities:F2} ms per activity until the job queue was drained."));
        text.AppendLine(Invariant($"After the run: {result.Statuses:N0} statuses and {result.HomeFeedEntries:N0} home feed rows (warm-up included). Server memory (RSS): {Mb(result.ServerMemory.RssBytes)}, peak {Mb(result.ServerMemory.PeakRssBytes)}."));
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine(Invariant($"| Accepted >= {TargetInboxPerSecond:N0}/s on {settings.Provider} | {result.Accepted.AcceptedPerSecond:N0}/s | {Met(result.Accepted.AcceptedPerSecond >= TargetInboxPerSecond)} |"));
        text.AppendLine(Invariant($"| Processed >= {TargetInboxPerSecond:N0}/s on {settings.Provider} | {result.ProcessedPerSecond:N0}/s | {Met(result.ProcessedPerSecond >= TargetInboxPerSecond)} |"));
        return text.ToString();
    }

    private StringBuilder Heading(string name, string loadAverage)
    {
        var text = new StringBuilder();
        var commit = settings.Commit.Length > 0 ? $", commit {settings.Commit}" : "";
        text.AppendLine(Invariant($"### {name}, {settings.Provider}, {finishedAt:yyyy-MM-dd HH:mm} UTC{commit}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores ({BenchReport.CpuModel()}), {BenchReport.TotalMemoryGiB():F0} GiB; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; load average before the run {loadAverage}. ") +
            "The benchmark's client (or sink) and the server share the two cores.");
        if (settings.ServerEnvironment.Length > 0)
        {
            text.AppendLine(Invariant($"Server environment added for this run: `{settings.ServerEnvironment}`."));
        }
        return text;
    }

    private static string WarmupPosts(int count) => count switch
    {
        0 => "No warm-up post",
        1 => "One warm-up post, not measured,",
        _ => Invariant($"{count} warm-up posts, not measured,"),
    };

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static string Mb(long bytes) => Invariant($"{bytes / (1024.0 * 1024):F0} MB");

    private static string Met(bool met) => met ? "yes" : "**no**";
}
