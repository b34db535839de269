import O2CCore

/// Writes a camt.053.001.08 bank statement of booked credits: the shape `CamtReader` reads and
/// the official schema accepts (texts are escaped and clipped to the schema's lengths). `o2c
/// demo` makes the morning's bank file with it, and tests make statements for the invoices they
/// issued.
public struct CamtStatementWriter: Sendable {
    /// One booked credit.
    public struct Credit: Sendable {
        /// The bank's reference of the entry (`AcctSvcrRef`): the import's idempotency key.
        public var bankReference: String
        /// The amount, a decimal string (`"1234.50"`).
        public var amount: String
        /// The booking date.
        public var date: BusinessDate
        /// The payer's name (`Dbtr/Pty/Nm`).
        public var payerName: String?
        /// The payer's IBAN (`DbtrAcct/Id/IBAN`).
        public var payerIBAN: String?
        /// Free remittance text (`RmtInf/Ustrd`).
        public var remittance: String?
        /// A creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`, e.g. an RF reference).
        public var structuredReference: String?

        /// A credit.
        public init(bankReference: String, amount: String, date: BusinessDate, payerName: String? = nil, payerIBAN: String? = nil,
                    remittance: String? = nil, structuredReference: String? = nil) {
            self.bankReference = bankReference
            self.amount = amount
            self.date = date
            self.payerName = payerName
            self.payerIBAN = payerIBAN
            self.remittance = remittance
            self.structuredReference = structuredReference
        }
    }

    /// The statement's id (`Stmt/Id`, also the message id).
    public var statementID: String
    /// The account the statement is for (an IBAN).
    public var accountIBAN: String
    /// The account's currency: every credit is in it.
    public var currency: String
    /// The credits, in order.
    public var credits: [Credit]

    /// A statement.
    public init(statementID: String, accountIBAN: String, currency: String, credits: [Credit]) {
        self.statementID = statementID
        self.accountIBAN = accountIBAN
        self.currency = currency
        self.credits = credits
    }

    /// The XML document, created at `createdAt` (ISO 8601 date and time); the closing balance is
    /// the sum of the credits (exponent `exponent`) over an opening balance of zero.
    public func xml(createdAt: String, exponent: Int = 2) -> String {
        let ccy = Self.escape(currency, max: 3)
        let day = credits.map(\.date).max() ?? BusinessDate(dayNumber: 0)
        let total = credits.reduce(Int64(0)) { sum, c in
            let minor = (try? Money.parseMinor(c.amount, exponent: exponent)) ?? 0
            return sum.addingReportingOverflow(minor).overflow ? sum : sum + minor
        }
        func balance(_ code: String, _ minor: Int64) -> String {
            """
                        <Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy="\(ccy)">\(Money.format(minor: minor, exponent: exponent))</Amt>\
            <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(day.iso)</Dt></Dt></Bal>

            """
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                <BkToCstmrStmt>
                    <GrpHdr><MsgId>\(Self.escape(statementID, max: 35))</MsgId><CreDtTm>\(Self.escape(createdAt, max: 40))</CreDtTm></GrpHdr>
                    <Stmt>
                        <Id>\(Self.escape(statementID, max: 35))</Id>
                        <CreDtTm>\(Self.escape(createdAt, max: 40))</CreDtTm>
                        <Acct><Id><IBAN>\(Self.escape(accountIBAN, max: 34))</IBAN></Id><Ccy>\(ccy)</Ccy></Acct>

            """
        out += balance("OPBD", 0) + balance("CLBD", total)
        for c in credits {
            var parties = ""
            if let name = c.payerName { parties += "<Dbtr><Pty><Nm>\(Self.escape(name, max: 140))</Nm></Pty></Dbtr>" }
            if let iban = c.payerIBAN { parties += "<DbtrAcct><Id><IBAN>\(Self.escape(iban, max: 34))</IBAN></Id></DbtrAcct>" }
            var remittance = ""
            if let text = c.remittance { remittance += "<Ustrd>\(Self.escape(text, max: 140))</Ustrd>" }
            if let ref = c.structuredReference {
                remittance += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>\(Self.escape(ref, max: 35))</Ref></CdtrRefInf></Strd>"
            }
            out += """
                        <Ntry>
                            <Amt Ccy="\(ccy)">\(Self.escape(c.amount, max: 24))</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                            <BookgDt><Dt>\(c.date.iso)</Dt></BookgDt><ValDt><Dt>\(c.date.iso)</Dt></ValDt>
                            <AcctSvcrRef>\(Self.escape(c.bankReference, max: 35))</AcctSvcrRef>
                            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                            <NtryDtls><TxDtls>\(parties.isEmpty ? "" : "<RltdPties>\(parties)</RltdPties>")\
                \(remittance.isEmpty ? "" : "<RmtInf>\(remittance)</RmtInf>")</TxDtls></NtryDtls>
                        </Ntry>

                """
        }
        out += """
                    </Stmt>
                </BkToCstmrStmt>
            </Document>

            """
        return out
    }

    /// `text` clipped to `max` characters, with `&`, `<`, `>` and `"` escaped.
    static func escape(_ text: String, max: Int) -> String {
        var out = ""
        for ch in text.prefix(max) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
