using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Starling.Server.Data;

namespace Starling.Bench.Seeding;

/// <summary>
/// Writes entities as multi-row INSERTs on the context's own connection and transaction.
/// Table and column names, and how values are stored, come from the EF Core model,
/// so the rows are the ones SaveChanges would have written, only without change tracking.
/// </summary>
public sealed class BulkWriter(AppDbContext db)
{
    // Well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
    private const int MaxParametersPerStatement = 30_000;
    private const int MaxRowsPerStatement = 500;

    public async Task<int> InsertAsync<T>(IEnumerable<T> rows, CancellationToken cancellationToken = default) where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Select(p => new Column(p.GetColumnName(table)!, p.PropertyInfo ?? throw new InvalidOperationException($"{p.Name} is a shadow property."), p.GetTypeMapping().Converter))
            .ToArray();
        // SQLite finds a named parameter by a linear search over the statement's names, so a wide multi-row statement costs
        // quadratic time there; one prepared single-row statement re-bound per row is its fast path. PostgreSQL gains from fewer round trips.
        var rowsPerStatement = db.Kind == DatabaseKind.Sqlite ? 1 : Math.Min(MaxRowsPerStatement, MaxParametersPerStatement / columns.Length);

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sqlHelper.DelimitIdentifier(c.Name)))}) VALUES ";

        DbCommand? fullBatch = null;
        var pending = new List<T>(rowsPerStatement);
        var written = 0;
        try
        {
            foreach (var row in rows)
            {
                pending.Add(row);
                if (pending.Count == rowsPerStatement)
                {
                    // Reused for every full batch: Microsoft.Data.Sqlite keeps the statement it compiled for the command's text.
                    fullBatch ??= CreateCommand(connection, transaction, head, columns, rowsPerStatement);
                    written += await ExecuteAsync(fullBatch, columns, pending, cancellationToken);
                    pending.Clear();
                }
            }
            if (pending.Count > 0)
            {
                await using var tail = CreateCommand(connection, transaction, head, columns, pending.Count);
                written += await ExecuteAsync(tail, columns, pending, cancellationToken);
            }
        }
        finally
        {
            if (fullBatch is not null)
            {
                await fullBatch.DisposeAsync();
            }
        }
        return written;
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string head, Column[] columns, int rowCount)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new System.Text.StringBuilder(head);
        for (var row = 0; row < rowCount; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Length; column++)
            {
                var name = $"@p{(row * columns.Length) + column}";
                text.Append(column == 0 ? name : ", " + name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }

    private static async Task<int> ExecuteAsync<T>(DbCommand command, Column[] columns, List<T> rows, CancellationToken cancellationToken)
    {
        var index = 0;
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                command.Parameters[index++].Value = column.Read(row!);
            }
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Column(string Name, PropertyInfo Property, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object Read(object entity)
        {
            var value = Property.GetValue(entity);
            if (value is null)
            {
                return DBNull.Value;
            }
            if (Converter is not null)
            {
                return Converter.ConvertToProvider(value) ?? DBNull.Value;
            }
            return value is Enum ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : value;
        }
    }
}
