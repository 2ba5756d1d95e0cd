import Foundation
import GRDB
import SigilCore

/// Where Lambda function ARNs run: one row an ARN, the mapping as JSON.
extension SQLiteDirectory {
    func functionMapping(arn: String) throws -> FunctionMapping? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT config FROM function_mappings WHERE arn = ?"), arguments: [arn])
            .map { try StoredJSON.decode(FunctionMapping.self, from: $0) }
    }

    func functionMappings() throws -> [FunctionMapping] {
        try String.fetchAll(try db.cachedStatement(sql: "SELECT config FROM function_mappings ORDER BY arn"))
            .map { try StoredJSON.decode(FunctionMapping.self, from: $0) }
    }

    func saveFunctionMapping(_ mapping: FunctionMapping) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO function_mappings (arn, config) VALUES (?, ?)").execute(arguments: [
            mapping.arn, try StoredJSON.encode(mapping),
        ])
    }

    func deleteFunctionMapping(arn: String) throws {
        try db.cachedStatement(sql: "DELETE FROM function_mappings WHERE arn = ?").execute(arguments: [arn])
    }
}
