import Foundation

/// Where an address is, as far as an offline table says.
public struct IPLocation: Sendable, Equatable {
    public var country: String
    public var city: String?
    public var latitude: Double
    public var longitude: Double

    public init(country: String, city: String?, latitude: Double, longitude: Double) {
        self.country = country
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in kilometres.
    public func distance(to other: IPLocation) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6_371 * 2 * atan2(sqrt(a), sqrt(1 - a))
    }
}

/// An offline table of address ranges and where they are: CSV lines of
/// `cidr,country,city,latitude,longitude` (`#` starts a comment). The most specific
/// range that holds an address wins.
public struct IPLocationTable: Sendable {
    private var entries: [(range: IPRange, location: IPLocation)] = []

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(csv text: String, source: String) throws {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 5 else {
                throw Failure(description: "\(source) line \(number + 1): expected cidr,country,city,latitude,longitude")
            }
            guard let range = IPRange(fields[0]) else { throw Failure(description: "\(source) line \(number + 1): \(fields[0]) is not a CIDR range") }
            guard fields[1].count == 2 else {
                throw Failure(description: "\(source) line \(number + 1): \(fields[1]) is not a two-letter country code")
            }
            guard let latitude = Double(fields[3]), let longitude = Double(fields[4]), abs(latitude) <= 90, abs(longitude) <= 180 else {
                throw Failure(description: "\(source) line \(number + 1): latitude and longitude must be numbers in range")
            }
            entries.append(
                (
                    range,
                    IPLocation(country: fields[1].uppercased(), city: fields[2].isEmpty ? nil : fields[2], latitude: latitude, longitude: longitude)
                ))
        }
        // Most specific first.
        entries.sort { $0.range.prefix > $1.range.prefix }
    }

    public var count: Int { entries.count }

    public func locate(_ address: IPAddress) -> IPLocation? {
        entries.first { $0.range.contains(address) }?.location
    }

    /// The table the project ships (see Resources/ip-locations.csv).
    public static let shipped: IPLocationTable = {
        guard let url = Bundle.module.url(forResource: "ip-locations", withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8), let table = try? IPLocationTable(csv: text, source: "ip-locations.csv")
        else { return IPLocationTable() }
        return table
    }()

    private init() {}
}
