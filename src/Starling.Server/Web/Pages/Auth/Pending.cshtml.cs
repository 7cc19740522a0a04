using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Auth;

public sealed class PendingModel : AppPageModel
{
    public void OnGet()
    {
    }
}
