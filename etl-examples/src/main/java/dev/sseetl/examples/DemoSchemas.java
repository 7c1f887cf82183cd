package dev.sseetl.examples;

import dev.sseetl.rules.CellTransform;
import dev.sseetl.rules.Rejection;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;

import java.util.List;
import java.util.Map;

/** The demo's built-in schemas: {@code user_schema} into table {@code users}, {@code products} into {@code products}. */
public final class DemoSchemas {
    private DemoSchemas() {
    }

    /** {@code user_schema} and {@code products}. */
    public static List<Schema> builtIn() {
        return List.of(users(), products());
    }

    /** {@code user_schema}: name, email (unique key), birth_date, role, active; table {@code users}. */
    public static Schema users() {
        return Schema.named("user_schema").table("users").uniqueKey("email")
                .column(Column.string("name").label("Name").required().maxLength(100)
                        .aliases("full name").description("The person's full name").example("Ada Lovelace"))
                .column(Column.email("email").label("Email").required().unique()
                        .aliases("e-mail", "mail").description("Unique: one row per address").example("ada@example.com"))
                .column(Column.date("birth_date").label("Birth Date").aliases("birthday", "date of birth")
                        .description("yyyy-MM-dd").example("1815-12-10"))
                .column(Column.enumeration("role", "admin", "editor", "viewer").label("Role").defaultValue("viewer")
                        .description("admin, editor or viewer (empty = viewer)").example("editor"))
                .column(Column.bool("active").label("Active").description("true/false, yes/no, 1/0").example("true"))
                .build();
    }

    /**
     * {@code products}: sku (unique key), name, price, stock, category, supplier, released; table {@code products}.
     * Two host rules: the supplier must exist in the demo's {@code suppliers} table (a look-up, code {@code exists}),
     * and a product in stock needs a price (a row rule, code {@code price_for_stock}).
     */
    public static Schema products() {
        return Schema.named("products").table("products").uniqueKey("sku")
                .column(Column.string("sku").label("SKU").required().unique().pattern("[A-Z0-9-]{3,32}")
                        .description("3 to 32 of A-Z, 0-9 and -").example("BK-0001"))
                .column(Column.string("name").label("Name").required().maxLength(200).example("The Analytical Engine"))
                .column(Column.decimal("price").label("Price").min(0).scale(2)
                        .description("0 or more, at most 2 decimals").example("19.90"))
                .column(Column.integer("stock").label("Stock").min(0).description("0 or more").example("12"))
                .column(Column.enumeration("category", "books", "electronics", "clothing", "food", "toys", "other")
                        .label("Category").description("books, electronics, clothing, food, toys or other")
                        .example("books"))
                .column(Column.string("supplier").label("Supplier").transform(CellTransform.upperCase())
                        .exists(DemoDatabase.SUPPLIERS, "code")
                        .description("a code of the suppliers table: ACME, GLOBEX or INITECH").example("ACME"))
                .column(Column.date("released").label("Released").description("yyyy-MM-dd").example("2024-05-01"))
                .rule((row, errors) -> {
                    Long stock = row.get("stock", Long.class);
                    if (stock != null && stock > 0 && row.raw("price") == null) {
                        errors.reject(Rejection.of("price_for_stock", "is needed for a product in stock ({stock})",
                                Map.of("stock", stock)), "price");
                    }
                })
                .build();
    }
}
