import ArgumentParser
import Foundation
import SigilAdapters
import SigilCore
import SigilStore

/// Options every command that touches the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (default: $XDG_DATA_HOME/sigil/sigil.db).")
    var db: String?

    @Option(name: .long, help: "The region in new pool ids and ARNs.")
    var region: String = "us-east-1"

    @OptionGroup var account: AccountOption

    @Flag(name: .long, help: "Print JSON with the API's field names.")
    var json = false

    var databasePath: String { db ?? SQLiteStore.defaultPath() }

    func engine() async throws -> Engine {
        try await StoreOpening.open(databasePath) {
            try await EngineLoader.open(databasePath: databasePath, region: region, accountId: account.accountId)
        }
    }
}

/// The account id in ARNs (pools, roles, identity pools, providers).
struct AccountOption: ParsableArguments {
    @Option(help: "The AWS account id in ARNs (12 digits).")
    var accountId: String = "000000000000"

    func validate() throws {
        guard accountId.count == 12, accountId.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ValidationError("--account-id must be 12 digits, not \(accountId)")
        }
    }
}

/// Opening a store, with its failures said plainly.
enum StoreOpening {
    static func open(_ path: String, _ body: () async throws -> Engine) async throws -> Engine {
        do {
            return try await body()
        } catch let error where error is CognitoError || error is EngineLoader.Failure || error is AtRestKey.Failure {
            // These already say what is wrong and what to do.
            throw error
        } catch {
            throw CognitoError.internalError("Could not open the store at \(path): \(error)")
        }
    }
}

/// The operator's threat-protection files, for the commands that sign users in.
struct ThreatProtectionOptions: ParsableArguments {
    @Option(
        name: .customLong("breached-passwords"),
        help:
            "A breached-password list checked besides the shipped one: a Have I Been Pwned SHA-1 file (HASH:count, sorted) or one password a line (repeatable)."
    )
    var breachedPasswords: [String] = []
    @Option(help: "An address → location table (cidr,country,city,latitude,longitude lines) instead of the shipped one.")
    var ipLocations: String?
    @Option(help: "Risk-scoring weights and thresholds (JSON; see README).") var riskModel: String?

    /// The files read, or a clear error naming the one that is wrong.
    func load() throws -> (RiskModel, IPLocationTable, BreachedPasswords) {
        do {
            return (
                try ThreatProtectionFiles.riskModel(riskModel), try ThreatProtectionFiles.ipLocations(ipLocations),
                try ThreatProtectionFiles.breachedPasswords(breachedPasswords)
            )
        } catch {
            throw CognitoError.invalidParameter("\(error)")
        }
    }
}

/// Settings of identity pools' credentials, for the commands that serve the API.
struct IdentityPoolOptions: ParsableArguments {
    @Option(help: "How long GetCredentialsForIdentity's credentials last, in seconds (900 to 43200).")
    var credentialLifetime: Int = 3_600

    func validate() throws {
        guard (900...43_200).contains(credentialLifetime) else {
            throw ValidationError("--credential-lifetime must be between 900 and 43200 seconds, not \(credentialLifetime).")
        }
    }
}

/// `name=value`, as `--attribute` takes it.
struct AttributeArgument: ExpressibleByArgument {
    var attribute: AttributeType

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<equals])
        guard !name.isEmpty else { return nil }
        attribute = AttributeType(name: name, value: String(argument[argument.index(after: equals)...]))
    }
}

/// A comma-separated list of an enum's raw values, e.g. `--flows ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH`.
struct ListArgument<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument where Value.RawValue == String {
    var values: [Value]

    init?(argument: String) {
        var values: [Value] = []
        for part in argument.split(separator: ",") {
            guard let value = Value(rawValue: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        self.values = values
    }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
}

extension UserPoolMfaType: ExpressibleByArgument {}
extension DeliveryMediumType: ExpressibleByArgument {}
