using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starling.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApiStatuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "poll_options",
                table: "status_edits",
                type: "text[]",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "conversation_mutes",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    conversation_id = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_mutes", x => new { x.account_id, x.conversation_id });
                    table.ForeignKey(
                        name: "fk_conversation_mutes_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "polls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    status_id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    options = table.Column<List<string>>(type: "text[]", nullable: false),
                    tallies = table.Column<List<int>>(type: "integer[]", nullable: false),
                    multiple = table.Column<bool>(type: "boolean", nullable: false),
                    hide_totals = table.Column<bool>(type: "boolean", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    votes_count = table.Column<int>(type: "integer", nullable: false),
                    voters_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_polls", x => x.id);
                    table.ForeignKey(
                        name: "fk_polls_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_polls_statuses_status_id",
                        column: x => x.status_id,
                        principalTable: "statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scheduled_statuses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    scheduled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    @params = table.Column<string>(name: "params", type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scheduled_statuses", x => x.id);
                    table.ForeignKey(
                        name: "fk_scheduled_statuses_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "poll_votes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    poll_id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    choice = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_poll_votes", x => x.id);
                    table.ForeignKey(
                        name: "fk_poll_votes_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_poll_votes_polls_poll_id",
                        column: x => x.poll_id,
                        principalTable: "polls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    status_id = table.Column<long>(type: "bigint", nullable: true),
                    scheduled_status_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.account_id, x.key });
                    table.ForeignKey(
                        name: "fk_idempotency_keys_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_idempotency_keys_scheduled_statuses_scheduled_status_id",
                        column: x => x.scheduled_status_id,
                        principalTable: "scheduled_statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_idempotency_keys_statuses_status_id",
                        column: x => x.status_id,
                        principalTable: "statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_scheduled_status_id",
                table: "idempotency_keys",
                column: "scheduled_status_id");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_status_id",
                table: "idempotency_keys",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_poll_votes_account_id",
                table: "poll_votes",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_poll_votes_poll_id_account_id_choice",
                table: "poll_votes",
                columns: new[] { "poll_id", "account_id", "choice" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_polls_account_id",
                table: "polls",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_polls_status_id",
                table: "polls",
                column: "status_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scheduled_statuses_account_id_id",
                table: "scheduled_statuses",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_scheduled_statuses_account_id_scheduled_at",
                table: "scheduled_statuses",
                columns: new[] { "account_id", "scheduled_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conversation_mutes");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "poll_votes");

            migrationBuilder.DropTable(
                name: "scheduled_statuses");

            migrationBuilder.DropTable(
                name: "polls");

            migrationBuilder.DropColumn(
                name: "poll_options",
                table: "status_edits");
        }
    }
}
