using System.Collections.Concurrent;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Inbox;

namespace Starling.Server.Tests.Federation.Inbox;

/// <summary>What the inbox handed to the handler a test put in place of the real one, in order.</summary>
public sealed class InboxRecorder
{
    public ConcurrentQueue<(Activity Activity, InboxDelivery Delivery)> Handled { get; } = new();

    /// <summary>Makes the handler fail this way (once per call) instead of recording.</summary>
    public Func<Activity, Exception?> Fail { get; set; } = _ => null;

    /// <summary>Registers the recording handler for <paramref name="type"/>, replacing any other for that type.</summary>
    public static Action<IServiceCollection> For(InboxRecorder recorder, string type = "Create") => services =>
        services.AddKeyedScoped<IInboxHandler>(type, (_, _) => new RecordingHandler(recorder));

    private sealed class RecordingHandler(InboxRecorder recorder) : IInboxHandler
    {
        public Task HandleAsync(Activity activity, InboxDelivery delivery, CancellationToken cancellationToken)
        {
            if (recorder.Fail(activity) is { } failure)
            {
                throw failure;
            }
            recorder.Handled.Enqueue((activity, delivery));
            return Task.CompletedTask;
        }
    }
}
