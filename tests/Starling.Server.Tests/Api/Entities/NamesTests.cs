using Starling.Server.Api.Entities;

namespace Starling.Server.Tests.Api.Entities;

public sealed class NamesTests
{
    [Fact]
    public void Every_visibility_has_a_name_that_parses_back()
    {
        foreach (var visibility in Enum.GetValues<Visibility>())
        {
            Assert.True(VisibilityNames.TryParse(VisibilityNames.Of(visibility), out var parsed));
            Assert.Equal(visibility, parsed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Public")]
    [InlineData("limited")]
    [InlineData("0")]
    public void Unknown_visibility_names_are_refused(string? name) => Assert.False(VisibilityNames.TryParse(name, out _));

    [Fact]
    public void Every_notification_type_has_a_Mastodon_name_that_maps_back_to_it()
    {
        foreach (var type in Enum.GetValues<NotificationType>())
        {
            var name = NotificationTypes.Of(type);
            Assert.Contains(name, NotificationTypes.All);
            Assert.Contains(type, NotificationTypes.ToDomain(name));
        }
        Assert.Equal([NotificationType.Mention, NotificationType.Reply], NotificationTypes.ToDomain("mention"));
        Assert.Equal([NotificationType.Poll], NotificationTypes.ToDomain("poll"));
        Assert.Empty(NotificationTypes.ToDomain("update"));
        Assert.Empty(NotificationTypes.ToDomain("admin.sign_up"));
    }

    [Theory]
    [InlineData("113912345678901234", true)]
    [InlineData("0", false)]
    [InlineData("-5", false)]
    [InlineData(" 12", false)]
    [InlineData("12abc", false)]
    [InlineData("99999999999999999999", false)]
    [InlineData(null, false)]
    public void Ids_parse_only_when_they_could_be_ours(string? value, bool valid)
    {
        Assert.Equal(valid, EntityIds.TryParse(value, out var id));
        if (valid)
        {
            Assert.Equal(value, EntityIds.Of(id));
        }
    }
}
