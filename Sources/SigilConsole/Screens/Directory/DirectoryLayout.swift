/// Where the directory screen puts things: the filter line, the table, and the detail
/// pane beside the table when the terminal is wide enough (else over it).
public struct DirectoryLayout: Equatable {
    /// The narrowest terminal that shows the detail pane beside the table.
    public static let sideBySideWidth = 110

    public var filterLine: Rect
    public var table: Rect
    public var detail: Rect?

    public init(area: Rect) {
        filterLine = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        if area.width >= Self.sideBySideWidth {
            let detailWidth = max(40, area.width * 3 / 10)
            table = Rect(x: body.x, y: body.y, width: body.width - detailWidth - 1, height: body.height)
            detail = Rect(x: body.maxX - detailWidth, y: body.y, width: detailWidth, height: body.height)
        } else {
            table = body
            detail = nil
        }
    }

    /// Rows of users that fit in the table (its first row is the header).
    public var visibleRows: Int { max(1, table.height - 1) }
}
