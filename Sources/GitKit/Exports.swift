// What GitKit's users see of PackKit: object ids and types, the object writers, the errors.
@_exported import PackKit
