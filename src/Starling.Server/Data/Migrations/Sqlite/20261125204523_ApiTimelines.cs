using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starling.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiTimelines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "markers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "direct_conversations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    thread_id = table.Column<long>(type: "INTEGER", nullable: false),
                    participant_ids = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    unread = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_direct_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_direct_conversations_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lists",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    replies_policy = table.Column<int>(type: "INTEGER", nullable: false),
                    exclusive = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_lists_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "direct_conversation_statuses",
                columns: table => new
                {
                    conversation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_direct_conversation_statuses", x => new { x.conversation_id, x.status_id });
                    table.ForeignKey(
                        name: "fk_direct_conversation_statuses_direct_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "direct_conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_direct_conversation_statuses_statuses_status_id",
                        column: x => x.status_id,
                        principalTable: "statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "list_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    list_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    follow_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_list_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_list_members_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_list_members_follows_follow_id",
                        column: x => x.follow_id,
                        principalTable: "follows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_list_members_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_direct_conversation_statuses_status_id",
                table: "direct_conversation_statuses",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_direct_conversations_account_id_thread_id_participant_ids",
                table: "direct_conversations",
                columns: new[] { "account_id", "thread_id", "participant_ids" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_list_members_account_id_list_id",
                table: "list_members",
                columns: new[] { "account_id", "list_id" });

            migrationBuilder.CreateIndex(
                name: "ix_list_members_follow_id",
                table: "list_members",
                column: "follow_id");

            migrationBuilder.CreateIndex(
                name: "ix_list_members_list_id_account_id",
                table: "list_members",
                columns: new[] { "list_id", "account_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_list_members_list_id_id",
                table: "list_members",
                columns: new[] { "list_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lists_account_id_id",
                table: "lists",
                columns: new[] { "account_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "direct_conversation_statuses");

            migrationBuilder.DropTable(
                name: "list_members");

            migrationBuilder.DropTable(
                name: "direct_conversations");

            migrationBuilder.DropTable(
                name: "lists");

            migrationBuilder.DropColumn(
                name: "version",
                table: "markers");
        }
    }
}
