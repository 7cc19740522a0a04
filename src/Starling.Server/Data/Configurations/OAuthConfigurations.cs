using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

// OpenIddict's own mappings (keys, indexes, concurrency tokens), under snake_case table names like the rest of the schema.

internal sealed class OAuthApplicationConfiguration : IEntityTypeConfiguration<OAuthApplication>
{
    public void Configure(EntityTypeBuilder<OAuthApplication> builder)
    {
        new OpenIddictEntityFrameworkCoreApplicationConfiguration<OAuthApplication, OAuthAuthorization, OAuthToken, long>().Configure(builder);
        builder.ToTable("oauth_applications");
        builder.Property(a => a.Website).HasMaxLength(2000);
        builder.Property(a => a.Scopes).HasMaxLength(2000);
    }
}

internal sealed class OAuthAuthorizationConfiguration : IEntityTypeConfiguration<OAuthAuthorization>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorization> builder)
    {
        new OpenIddictEntityFrameworkCoreAuthorizationConfiguration<OAuthAuthorization, OAuthApplication, OAuthToken, long>().Configure(builder);
        builder.ToTable("oauth_authorizations");
        // The settings page lists a user's approvals, and suspending a user revokes them all.
        builder.HasIndex(a => a.Subject);
    }
}

internal sealed class OAuthScopeConfiguration : IEntityTypeConfiguration<OAuthScope>
{
    public void Configure(EntityTypeBuilder<OAuthScope> builder)
    {
        new OpenIddictEntityFrameworkCoreScopeConfiguration<OAuthScope, long>().Configure(builder);
        builder.ToTable("oauth_scopes");
    }
}

internal sealed class OAuthTokenConfiguration : IEntityTypeConfiguration<OAuthToken>
{
    public void Configure(EntityTypeBuilder<OAuthToken> builder)
    {
        new OpenIddictEntityFrameworkCoreTokenConfiguration<OAuthToken, OAuthApplication, OAuthAuthorization, long>().Configure(builder);
        builder.ToTable("oauth_tokens");
        builder.HasIndex(t => t.Subject);
    }
}
