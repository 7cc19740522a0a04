global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
global using Starling.Server.Data;
global using Starling.Server.Data.Entities;
global using Starling.Server.Features.Common;
global using Starling.Testing;
global using Xunit;
