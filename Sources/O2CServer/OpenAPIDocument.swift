/// The OpenAPI 3.1 document served at `GET /openapi.yaml`: a copy of `openapi.yaml` at the
/// repository root (a test checks that they are equal).
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: o2c HTTP API
  version: 1.0.0
  description: |
    Sales reps' questions, reads in the caller's scope, and order intake (SPEC §11).
    Every endpoint but /healthz, /metrics and /openapi.yaml needs `Authorization: Bearer TOKEN`
    (a token from `o2c users add|token`). A user with the role `sales_rep` sees only the customers
    they own, and the orders and invoices of those customers; any other role sees every customer.
    For a sales rep, a customer, order or invoice that is missing and one that belongs to another
    rep get the same 403 `outside_scope` answer ("no customer C-7 in your accounts"), so nothing is
    learned about other reps' accounts, not even whether an id exists. Other roles get 404 for a
    missing document.
    Every error is `{"error": {"code": "snake_case", "message": "..."}}`. Amounts are decimal
    strings. Each token may make 20 requests per second on average, 40 at once (429 with
    Retry-After beyond). Request bodies are at most 1 MiB (413). A handler that takes longer than
    the request timeout (120 s) is answered 503 `timeout`.
servers:
  - url: http://127.0.0.1:8080
security:
  - bearer: []
paths:
  /healthz:
    get:
      operationId: health
      summary: Liveness.
      security: []
      responses:
        '200':
          description: The server is up.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Health'}
  /metrics:
    get:
      operationId: metrics
      summary: Prometheus text — requests by route, method and status; latency histogram; requests in flight; agent runs by state; model tokens; approvals pending.
      security: []
      responses:
        '200':
          description: Prometheus text exposition format 0.0.4.
          content:
            text/plain:
              schema: {type: string}
  /openapi.yaml:
    get:
      operationId: openapi
      summary: This document.
      security: []
      responses:
        '200':
          description: OpenAPI 3.1 document.
          content:
            application/yaml:
              schema: {type: string}
  /v1/customers:
    get:
      operationId: listCustomers
      summary: The caller's customers (a sales rep's own; everyone's for other roles).
      responses:
        '200':
          description: Customers.
          content:
            application/json:
              schema:
                type: object
                required: [customers]
                properties:
                  customers:
                    type: array
                    items: {$ref: '#/components/schemas/Customer'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/customers/{id}:
    get:
      operationId: getCustomer
      summary: One customer with its credit position.
      parameters:
        - {$ref: '#/components/parameters/CustomerID'}
      responses:
        '200':
          description: The customer.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CustomerDetail'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/customers/{id}/credit:
    get:
      operationId: getCredit
      summary: A customer's credit position.
      parameters:
        - {$ref: '#/components/parameters/CustomerID'}
      responses:
        '200':
          description: Credit position in the base currency.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Credit'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/orders/{id}:
    get:
      operationId: getOrder
      summary: An order with its lines, shipment, invoice and history.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: SO-1}
      responses:
        '200':
          description: The order.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/invoices/{id}:
    get:
      operationId: getInvoice
      summary: An invoice with its lines, payments and history.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: INV-1}
      responses:
        '200':
          description: The invoice.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Invoice'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/inventory/{sku}:
    get:
      operationId: getInventory
      summary: Stock of a SKU per warehouse, with in-stock alternatives (not customer data, so every role sees it).
      parameters:
        - {name: sku, in: path, required: true, schema: {type: string}, example: WID-100}
      responses:
        '200':
          description: Stock.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Inventory'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/orders:
    post:
      operationId: createOrder
      summary: Order intake through the gate, acting as `user:NAME`.
      description: |
        The same Idempotency-Key and body return the same result (the same order id, or the same
        approval id); the same key with another body is 409. Keys are per user. A sales rep may
        only order for customers they own (403 otherwise, also for a missing customer).
      parameters:
        - name: Idempotency-Key
          in: header
          required: true
          schema: {type: string, minLength: 1, maxLength: 128}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderRequest'}
      responses:
        '201':
          description: The order was created (confirmed or on credit hold).
          headers:
            Location: {schema: {type: string}, description: 'the order, /v1/orders/{id}'}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
        '202':
          description: A guardrail sent the order to the approval queue.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pending'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '409': {$ref: '#/components/responses/Conflict'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '422': {$ref: '#/components/responses/Unprocessable'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503': {$ref: '#/components/responses/Timeout'}
  /v1/ask:
    post:
      operationId: ask
      summary: Ask the sales-assistant agent a question, with its read tools restricted to the caller's customers.
      description: |
        JSON by default. With `Accept: text/event-stream` the answer is server-sent events:
        `tool_call` (data: {tool, arguments, outcome}) for each tool call as it finishes, `delta`
        (data: {text}) with the final answer once the output guardrails have passed it, and
        `done` (data: the same object as the JSON answer). Events are separated by a blank line.
        A question that asks for a change can only create approval requests (listed in
        approval_ids). A run that fails (model error, blocked input) is still 200 with its
        `state` and `reason`.
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/AskRequest'}
      responses:
        '200':
          description: The answer.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AskResponse'}
            text/event-stream:
              schema: {type: string}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/OutsideScope'}
        '404': {$ref: '#/components/responses/NotFound'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '422': {$ref: '#/components/responses/Unprocessable'}
        '429': {$ref: '#/components/responses/RateLimited'}
        '500': {$ref: '#/components/responses/ServerError'}
        '503':
          description: "`no_model`: no model endpoint is configured (O2C_LLM_BASE_URL); or `timeout`."
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      description: A token from `o2c users add NAME --role ROLE` or `o2c users token NAME`.
  parameters:
    CustomerID:
      name: id
      in: path
      required: true
      schema: {type: string}
      example: C-001
  responses:
    BadRequest:
      description: "`malformed_json`, `missing_idempotency_key` or `bad_idempotency_key`."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    Unauthorized:
      description: "`unauthorized`: no token, a malformed Authorization header, an unknown or a revoked token."
      headers:
        WWW-Authenticate: {schema: {type: string}}
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    OutsideScope:
      description: "`outside_scope`: a sales rep asked for a customer (or its document) they do not own, or one that does not exist — the same answer for both."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    NotFound:
      description: "`not_found`: no such document (roles other than sales_rep), SKU or route."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    Conflict:
      description: "`idempotency_conflict`: the Idempotency-Key was used with another body."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    TooLarge:
      description: "`body_too_large`: the body is over 1 MiB."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    UnsupportedMediaType:
      description: "`unsupported_media_type`: the body is not sent as application/json."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    Unprocessable:
      description: "`invalid` (the body does not fit the schema or the ledger refuses it; `messages` lists each problem), `denied` (a guardrail refused it) or `question_too_long` (over 4,000 characters)."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    RateLimited:
      description: "`rate_limited`: too many requests for this token."
      headers:
        Retry-After: {schema: {type: integer}, description: Seconds to wait.}
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    ServerError:
      description: "`internal` or `storage`: the server or the ledger failed."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
    Timeout:
      description: "`timeout`: the request took longer than the request timeout."
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [code, message]
          properties:
            code: {type: string, pattern: '^[a-z0-9_]+$'}
            message: {type: string}
            messages:
              type: array
              items: {type: string}
    Health:
      type: object
      required: [status]
      properties:
        status: {type: string, enum: [ok]}
    Amount:
      type: string
      pattern: '^-?[0-9]+(\.[0-9]+)?$'
      description: A decimal amount, never a binary float.
    Customer:
      type: object
      required: [id, name, currency, owner, credit_limit, credit_currency, on_hold]
      properties:
        id: {type: string}
        name: {type: string}
        currency: {type: string}
        owner: {type: string}
        credit_limit: {$ref: '#/components/schemas/Amount'}
        credit_currency: {type: string}
        on_hold: {type: boolean}
        region: {type: string}
        email: {type: string}
        payment_terms_days: {type: integer}
    CustomerDetail:
      allOf:
        - {$ref: '#/components/schemas/Customer'}
        - type: object
          required: [exposure, available_credit, overdue_amount, max_days_overdue]
          properties:
            exposure: {$ref: '#/components/schemas/Amount'}
            available_credit: {$ref: '#/components/schemas/Amount'}
            overdue_amount: {$ref: '#/components/schemas/Amount'}
            max_days_overdue: {type: integer}
            hold_reason: {type: [string, 'null']}
            unapplied_cash: {$ref: '#/components/schemas/Amount'}
    Credit:
      type: object
      required: [customer_id, credit_limit, credit_currency, exposure, available_credit, overdue_amount, max_days_overdue, on_hold, hold_reason]
      properties:
        customer_id: {type: string}
        credit_limit: {$ref: '#/components/schemas/Amount'}
        credit_currency: {type: string}
        exposure: {$ref: '#/components/schemas/Amount'}
        available_credit: {$ref: '#/components/schemas/Amount'}
        overdue_amount: {$ref: '#/components/schemas/Amount'}
        max_days_overdue: {type: integer}
        on_hold: {type: boolean}
        hold_reason: {type: [string, 'null']}
    OrderLine:
      type: object
      required: [sku, quantity, unit_price]
      properties:
        sku: {type: string}
        quantity: {type: integer}
        unit_price: {$ref: '#/components/schemas/Amount'}
        net: {$ref: '#/components/schemas/Amount'}
    Event:
      type: object
      required: [event, at]
      properties:
        event: {type: string}
        at: {type: string}
        data: {}
    Order:
      type: object
      required: [id, customer_id, status, currency, total, lines]
      properties:
        id: {type: string}
        customer_id: {type: string}
        status: {type: string}
        currency: {type: string}
        total: {$ref: '#/components/schemas/Amount'}
        net: {$ref: '#/components/schemas/Amount'}
        tax: {$ref: '#/components/schemas/Amount'}
        discount_percent: {type: number}
        order_date: {type: string}
        external_ref: {type: [string, 'null']}
        invoice_id: {type: [string, 'null']}
        lines:
          type: array
          items: {$ref: '#/components/schemas/OrderLine'}
        shipment:
          type: object
          properties:
            id: {type: string}
            carrier: {type: string}
            ship_date: {type: string}
            tracking_ref: {type: [string, 'null']}
        history:
          type: array
          items: {$ref: '#/components/schemas/Event'}
    Invoice:
      type: object
      required: [id, customer_id, order_id, currency, total, tax, open_amount, status, due_date]
      properties:
        id: {type: string}
        customer_id: {type: string}
        order_id: {type: string}
        currency: {type: string}
        total: {$ref: '#/components/schemas/Amount'}
        tax: {$ref: '#/components/schemas/Amount'}
        net: {$ref: '#/components/schemas/Amount'}
        open_amount: {$ref: '#/components/schemas/Amount'}
        status: {type: string}
        issue_date: {type: string}
        due_date: {type: string}
        history:
          type: array
          items: {$ref: '#/components/schemas/Event'}
    Inventory:
      type: object
      required: [sku, name, available, warehouses, alternatives]
      properties:
        sku: {type: string}
        name: {type: string}
        available: {type: integer}
        warehouses:
          type: array
          items:
            type: object
            required: [warehouse, on_hand, reserved, available]
            properties:
              warehouse: {type: string}
              on_hand: {type: integer}
              reserved: {type: integer}
              available: {type: integer}
        alternatives:
          type: array
          items:
            type: object
            required: [sku, available]
            properties:
              sku: {type: string}
              available: {type: integer}
    OrderRequest:
      type: object
      required: [customer_id, lines]
      additionalProperties: false
      properties:
        customer_id: {type: string, pattern: '^C-[0-9]+$'}
        lines:
          type: array
          minItems: 1
          maxItems: 500
          items:
            type: object
            required: [sku, quantity]
            additionalProperties: false
            properties:
              sku: {type: string, maxLength: 64}
              quantity: {type: integer, minimum: 1, maximum: 1000000}
              unit_price: {$ref: '#/components/schemas/Amount'}
        currency: {type: string, description: ISO 4217; defaults to the customer's.}
        requested_date: {type: string, format: date}
        external_ref: {type: string, maxLength: 128}
    Pending:
      type: object
      required: [approval_id, messages]
      properties:
        approval_id: {type: string}
        messages:
          type: array
          items: {type: string}
        rules:
          type: array
          items:
            type: object
            required: [file, name, message]
            properties:
              file: {type: string}
              name: {type: string}
              message: {type: string}
    AskRequest:
      type: object
      required: [question]
      additionalProperties: false
      properties:
        question: {type: string, minLength: 1, maxLength: 4000}
        customer_id: {type: [string, 'null'], description: The customer the question is about; must be in the caller's scope.}
    ToolCall:
      type: object
      required: [tool, arguments, outcome]
      properties:
        tool: {type: string}
        arguments: {}
        outcome: {type: string, description: 'ok, error, executed, pending_approval, denied or invalid'}
    AskResponse:
      type: object
      required: [answer, run_id, state, tool_calls, usage, approval_ids]
      properties:
        answer: {type: string}
        run_id: {type: string}
        state: {type: string, enum: [completed, waiting_approval, incomplete, failed]}
        reason: {type: [string, 'null']}
        tool_calls:
          type: array
          items: {$ref: '#/components/schemas/ToolCall'}
        usage:
          type: object
          required: [input_tokens, output_tokens]
          properties:
            input_tokens: {type: integer}
            output_tokens: {type: integer}
        approval_ids:
          type: array
          items: {type: string}

"""#
}
