namespace Starling.Server.Federation.Inbox;

/// <summary>
/// Thrown by an <see cref="IInboxHandler"/> that finds an activity it cannot accept (an object on another server, a
/// reply to nothing, a follow of nobody): the activity is logged and dropped, not retried. Any other exception means
/// "try again later" and the job is retried.
/// </summary>
public sealed class InvalidActivityException(string message) : Exception(message);
