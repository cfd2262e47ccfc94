/// One page of a paginated list.
struct Pagination: Sendable, Equatable {
    var number: Int
    var count: Int
    var totalItems: Int
    var firstURL: String
    var url: String { Route.page(number, of: firstURL) }
    var previousURL: String? { number > 1 ? Route.page(number - 1, of: firstURL) : nil }
    var nextURL: String? { number < count ? Route.page(number + 1, of: firstURL) : nil }

    /// Splits `items` into pages of `size`; an empty list still has one (empty) page.
    static func paginate<Item>(_ items: [Item], size: Int, firstURL: String) -> [(Pagination, ArraySlice<Item>)] {
        let size = max(1, size)
        let count = max(1, (items.count + size - 1) / size)
        return (1...count).map { number in
            let start = (number - 1) * size
            let slice = items[min(start, items.count)..<min(start + size, items.count)]
            return (Pagination(number: number, count: count, totalItems: items.count, firstURL: firstURL), slice)
        }
    }
}
