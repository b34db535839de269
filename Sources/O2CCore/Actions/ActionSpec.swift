/// The description of one ledger action: what it does and its arguments.
public struct ActionSpec: Sendable {
    /// The action.
    public let name: ActionName
    /// One line on what it does.
    public let summary: String
    /// Its arguments.
    public let fields: [ArgumentField]

    /// The JSON Schema (draft 2020-12) of the action's arguments.
    public var jsonSchema: JSONValue {
        ActionSpec.objectSchema(fields, description: summary)
    }

    static func objectSchema(_ fields: [ArgumentField], description: String?) -> JSONValue {
        var props = JSONObject()
        for f in fields { props[f.name] = schema(of: f) }
        var obj = JSONObject()
        obj["type"] = "object"
        if let description { obj["description"] = .string(description) }
        obj["properties"] = .object(props)
        obj["required"] = .array(fields.filter(\.required).map { .string($0.name) })
        obj["additionalProperties"] = false
        return .object(obj)
    }

    static func schema(of field: ArgumentField) -> JSONValue {
        var s = JSONObject()
        switch field.type {
        case .id(let prefix):
            s["type"] = "string"
            s["pattern"] = .string("^\(prefix)[0-9]+$")
        case .text(let maxLength):
            s["type"] = "string"
            s["minLength"] = 1
            s["maxLength"] = .int(maxLength)
        case .amount:
            s["type"] = "string"
            s["pattern"] = "^[0-9]+(\\.[0-9]+)?$"
        case .integer(let range):
            s["type"] = "integer"
            s["minimum"] = .int(range.lowerBound)
            s["maximum"] = .int(range.upperBound)
        case .percent:
            s["type"] = ["number", "string"]
            s["minimum"] = 0
            s["maximum"] = 100
        case .date:
            s["type"] = "string"
            s["format"] = "date"
        case .currency:
            s["type"] = "string"
            s["pattern"] = "^[A-Z]{3}$"
        case .objects(let fields, let minItems, let maxItems):
            s["type"] = "array"
            s["minItems"] = .int(minItems)
            s["maxItems"] = .int(maxItems)
            s["items"] = objectSchema(fields, description: nil)
        case .ids(let prefix, let minItems, let maxItems):
            s["type"] = "array"
            s["minItems"] = .int(minItems)
            s["maxItems"] = .int(maxItems)
            s["items"] = ["type": "string", "pattern": .string("^\(prefix)[0-9]+$")]
        }
        s["description"] = .string(field.summary)
        return .object(s)
    }
}
