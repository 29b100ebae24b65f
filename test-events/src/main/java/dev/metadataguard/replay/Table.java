package dev.metadataguard.replay;

/**
 * A table of the page that reads as columns on a desktop and, on a phone, as one block per row: its first
 * cell the row's title, each other cell a line led by its column's name. Cells are given as HTML, already
 * escaped; an empty cell takes no line.
 */
final class Table {

    private final String[] columns;
    private final StringBuilder html = new StringBuilder();

    /** @param kind the table's class for the style sheet, besides {@code stack} */
    Table(String kind, String... columns) {
        this.columns = columns.clone();
        html.append("<div class=\"scroll\"><table class=\"stack ").append(kind).append("\"><thead><tr>");
        for (String column : columns) {
            html.append("<th>").append(Html.text(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
    }

    /** A row: as many cells as columns. */
    Table row(String... cells) {
        return markedRow("", cells);
    }

    /** A row with a class for the style sheet (empty for none). */
    Table markedRow(String rowClass, String... cells) {
        if (cells.length != columns.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns.length + " columns");
        }
        html.append(rowClass.isEmpty() ? "<tr>" : "<tr class=\"" + rowClass + "\">");
        for (int i = 0; i < cells.length; i++) {
            html.append("<td data-label=\"").append(Html.text(columns[i])).append("\">").append(cells[i]).append("</td>");
        }
        html.append("</tr>\n");
        return this;
    }

    String html() {
        return html + "</tbody></table></div>\n";
    }
}
