package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The io.k8s.apimachinery.pkg.apis.meta.v1 schemas the OpenAPI v3 documents refer to, in their
 * OpenAPI 3 form (a {@code $ref} with siblings is wrapped in {@code allOf}, as the API server
 * publishes it): ObjectMeta with ManagedFieldsEntry, OwnerReference, Time and FieldsV1; ListMeta;
 * Status with StatusDetails and StatusCause; DeleteOptions with Preconditions; Patch. A subset of
 * what an API server publishes, with shortened descriptions.
 */
final class MetaSchemas {

  private static final String META = OpenApiDocuments.META;
  private static final String CONVENTIONS =
      "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md";

  private MetaSchemas() {}

  /** Adds the schemas to a document's {@code components.schemas}. */
  static void addTo(ObjectNode schemas, ObjectMapper mapper) {
    schemas.set(META + "ObjectMeta", objectMeta(mapper));
    schemas.set(META + "ManagedFieldsEntry", managedFieldsEntry(mapper));
    schemas.set(META + "OwnerReference", ownerReference(mapper));
    schemas.set(META + "Time", time(mapper));
    schemas.set(META + "FieldsV1", fieldsV1(mapper));
    schemas.set(META + "ListMeta", listMeta(mapper));
    schemas.set(META + "Status", status(mapper));
    schemas.set(META + "StatusDetails", statusDetails(mapper));
    schemas.set(META + "StatusCause", statusCause(mapper));
    schemas.set(META + "DeleteOptions", deleteOptions(mapper));
    schemas.set(META + "Preconditions", preconditions(mapper));
    schemas.set(META + "Patch", patch(mapper));
  }

  static ObjectNode apiVersion(ObjectMapper mapper) {
    return string(
        mapper,
        "APIVersion defines the versioned schema of this representation of an object. Servers"
            + " should convert recognized schemas to the latest internal value, and may reject"
            + " unrecognized values. More info: "
            + CONVENTIONS
            + "#resources");
  }

  static ObjectNode kind(ObjectMapper mapper) {
    return string(
        mapper,
        "Kind is a string value representing the REST resource this object represents. Servers"
            + " may infer this from the endpoint the client submits requests to. Cannot be"
            + " updated. In CamelCase. More info: "
            + CONVENTIONS
            + "#types-kinds");
  }

  /** {@code {"description": ..., "allOf": [{"$ref": ...}]}}. */
  static ObjectNode refWithDescription(ObjectMapper mapper, String schemaName, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.putArray("allOf").addObject().put("$ref", OpenApiDocuments.SCHEMAS + schemaName);
    return node;
  }

  private static ObjectNode objectMeta(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "ObjectMeta is metadata that all persisted resources must have, which includes all"
                + " objects users must create.");
    ObjectNode p = schema.putObject("properties");
    p.set(
        "annotations",
        stringMap(
            mapper,
            "Annotations is an unstructured key value map stored with a resource that may be set"
                + " by external tools to store and retrieve arbitrary metadata. They are not"
                + " queryable and should be preserved when modifying objects. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"));
    p.set(
        "creationTimestamp",
        refWithDescription(
            mapper,
            META + "Time",
            "CreationTimestamp is a timestamp representing the server time when this object was"
                + " created. Populated by the system. Read-only. Null for lists. More info: "
                + CONVENTIONS
                + "#metadata"));
    p.set(
        "deletionGracePeriodSeconds",
        integer(
            mapper,
            "Number of seconds allowed for this object to gracefully terminate before it will be"
                + " removed from the system. Only set when deletionTimestamp is also set."
                + " Read-only.",
            "int64"));
    p.set(
        "deletionTimestamp",
        refWithDescription(
            mapper,
            META + "Time",
            "DeletionTimestamp is the time after which this resource will be deleted, set by the"
                + " server when a graceful deletion is requested. The resource is removed once its"
                + " finalizers list is empty. Populated by the system when a graceful deletion is"
                + " requested. Read-only. More info: "
                + CONVENTIONS
                + "#metadata"));
    ObjectNode finalizers =
        stringArray(
            mapper,
            "Must be empty before the object is deleted from the registry. Each entry is an"
                + " identifier for the responsible component that will remove the entry from the"
                + " list. If the deletionTimestamp of the object is non-nil, entries in this list"
                + " can only be removed.");
    finalizers.put("x-kubernetes-list-type", "set");
    finalizers.put("x-kubernetes-patch-strategy", "merge");
    p.set("finalizers", finalizers);
    p.set(
        "generateName",
        string(
            mapper,
            "GenerateName is an optional prefix, used by the server, to generate a unique name"
                + " ONLY IF the Name field has not been provided. More info: "
                + CONVENTIONS
                + "#idempotency"));
    p.set(
        "generation",
        integer(
            mapper,
            "A sequence number representing a specific generation of the desired state."
                + " Populated by the system. Read-only.",
            "int64"));
    p.set(
        "labels",
        stringMap(
            mapper,
            "Map of string keys and values that can be used to organize and categorize (scope and"
                + " select) objects. May match selectors of replication controllers and services."
                + " More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"));
    ObjectNode managedFields =
        arrayOfRef(
            mapper,
            META + "ManagedFieldsEntry",
            "ManagedFields maps workflow-id and version to the set of fields that are managed by"
                + " that workflow. This is mostly for internal housekeeping, and users typically"
                + " shouldn't need to set or understand this field.");
    managedFields.put("x-kubernetes-list-type", "atomic");
    p.set("managedFields", managedFields);
    p.set(
        "name",
        string(
            mapper,
            "Name must be unique within a namespace. Is required when creating resources, although"
                + " some resources may allow a client to request the generation of an appropriate"
                + " name automatically. Cannot be updated. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"));
    p.set(
        "namespace",
        string(
            mapper,
            "Namespace defines the space within which each name must be unique. An empty namespace"
                + " is equivalent to the \"default\" namespace, but \"default\" is the canonical"
                + " representation. Not all objects are required to be scoped to a namespace."
                + " Cannot be updated. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"));
    ObjectNode owners =
        arrayOfRef(
            mapper,
            META + "OwnerReference",
            "List of objects depended by this object. If ALL objects in the list have been"
                + " deleted, this object will be garbage collected. If this object is managed by a"
                + " controller, then an entry in this list will point to this controller, with the"
                + " controller field set to true. There cannot be more than one managing"
                + " controller.");
    owners.putArray("x-kubernetes-list-map-keys").add("uid");
    owners.put("x-kubernetes-list-type", "map");
    owners.put("x-kubernetes-patch-merge-key", "uid");
    owners.put("x-kubernetes-patch-strategy", "merge");
    p.set("ownerReferences", owners);
    p.set(
        "resourceVersion",
        string(
            mapper,
            "An opaque value that represents the internal version of this object that can be used"
                + " by clients to determine when objects have changed. May be used for optimistic"
                + " concurrency, change detection, and the watch operation on a resource or set of"
                + " resources. Populated by the system. Read-only. More info: "
                + CONVENTIONS
                + "#concurrency-control-and-consistency"));
    p.set(
        "selfLink",
        string(
            mapper,
            "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."));
    p.set(
        "uid",
        string(
            mapper,
            "UID is the unique in time and space value for this object. It is typically generated"
                + " by the server on successful creation of a resource and is not allowed to change"
                + " on PUT operations. Populated by the system. Read-only. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"));
    return schema;
  }

  private static ObjectNode managedFieldsEntry(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource"
                + " that the fieldset applies to.");
    ObjectNode p = schema.putObject("properties");
    p.set(
        "apiVersion",
        string(
            mapper,
            "APIVersion defines the version of this resource that this field set applies to."));
    p.set(
        "fieldsType",
        string(
            mapper,
            "FieldsType is the discriminator for the different fields format and version. There is"
                + " currently only one possible value: \"FieldsV1\""));
    p.set(
        "fieldsV1",
        refWithDescription(
            mapper,
            META + "FieldsV1",
            "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type."));
    p.set(
        "manager",
        string(mapper, "Manager is an identifier of the workflow managing these fields."));
    p.set(
        "operation",
        string(
            mapper,
            "Operation is the type of operation which lead to this ManagedFieldsEntry being"
                + " created. The only valid values for this field are 'Apply' and 'Update'."));
    p.set(
        "subresource",
        string(
            mapper,
            "Subresource is the name of the subresource used to update that object, or empty"
                + " string if the object was updated through the main resource."));
    p.set(
        "time",
        refWithDescription(
            mapper,
            META + "Time",
            "Time is the timestamp of when the ManagedFields entry was added."));
    return schema;
  }

  private static ObjectNode ownerReference(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "OwnerReference contains enough information to let you identify an owning object. An"
                + " owning object must be in the same namespace as the dependent, or be"
                + " cluster-scoped, so there is no namespace field.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", string(mapper, "API version of the referent."));
    p.set(
        "blockOwnerDeletion",
        bool(
            mapper,
            "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner"
                + " cannot be deleted from the key-value store until this reference is removed."));
    p.set("controller", bool(mapper, "If true, this reference points to the managing controller."));
    p.set(
        "kind", string(mapper, "Kind of the referent. More info: " + CONVENTIONS + "#types-kinds"));
    p.set(
        "name",
        string(
            mapper,
            "Name of the referent. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"));
    p.set(
        "uid",
        string(
            mapper,
            "UID of the referent. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"));
    schema.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
    schema.put("x-kubernetes-map-type", "atomic");
    return schema;
  }

  private static ObjectNode time(ObjectMapper mapper) {
    ObjectNode schema =
        string(
            mapper,
            "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON."
                + " Wrappers are provided for many of the factory methods that the time package"
                + " offers.");
    schema.put("format", "date-time");
    return schema;
  }

  private static ObjectNode fieldsV1(ObjectMapper mapper) {
    return object(
        mapper, "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.");
  }

  private static ObjectNode listMeta(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "ListMeta describes metadata that synthetic resources must have, including lists and"
                + " various status objects. A resource may have only one of {ObjectMeta,"
                + " ListMeta}.");
    ObjectNode p = schema.putObject("properties");
    p.set(
        "continue",
        string(
            mapper,
            "continue may be set if the user set a limit on the number of items returned, and"
                + " indicates that the server has more data available."));
    p.set(
        "remainingItemCount",
        integer(
            mapper,
            "remainingItemCount is the number of subsequent items in the list which are not"
                + " included in this list response.",
            "int64"));
    p.set(
        "resourceVersion",
        string(
            mapper,
            "String that identifies the server's internal version of this object that can be used"
                + " by clients to determine when objects have changed. Read-only."));
    p.set(
        "selfLink",
        string(
            mapper,
            "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."));
    return schema;
  }

  private static ObjectNode status(ObjectMapper mapper) {
    ObjectNode schema =
        object(mapper, "Status is a return value for calls that don't return other objects.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", apiVersion(mapper));
    p.set(
        "code",
        integer(mapper, "Suggested HTTP return code for this status, 0 if not set.", "int32"));
    p.set(
        "details",
        refWithDescription(
            mapper,
            META + "StatusDetails",
            "Extended data associated with the reason. Each reason may define its own extended"
                + " details."));
    p.set("kind", kind(mapper));
    p.set(
        "message", string(mapper, "A human-readable description of the status of this operation."));
    p.set(
        "metadata",
        refWithDescription(
            mapper,
            META + "ListMeta",
            "Standard list metadata. More info: " + CONVENTIONS + "#types-kinds"));
    p.set(
        "reason",
        string(
            mapper,
            "A machine-readable description of why this operation is in the \"Failure\" status."));
    p.set(
        "status",
        string(
            mapper,
            "Status of the operation. One of: \"Success\" or \"Failure\". More info: "
                + CONVENTIONS
                + "#spec-and-status"));
    schema
        .putArray("x-kubernetes-group-version-kind")
        .addObject()
        .put("group", "")
        .put("kind", "Status")
        .put("version", "v1");
    return schema;
  }

  private static ObjectNode statusDetails(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "StatusDetails is a set of additional properties that MAY be set by the server to"
                + " provide additional information about a response.");
    ObjectNode p = schema.putObject("properties");
    ObjectNode causes =
        arrayOfRef(
            mapper,
            META + "StatusCause",
            "The Causes array includes more details associated with the StatusReason failure.");
    causes.put("x-kubernetes-list-type", "atomic");
    p.set("causes", causes);
    p.set(
        "group",
        string(
            mapper,
            "The group attribute of the resource associated with the status StatusReason."));
    p.set(
        "kind",
        string(
            mapper, "The kind attribute of the resource associated with the status StatusReason."));
    p.set(
        "name",
        string(
            mapper,
            "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described)."));
    p.set(
        "retryAfterSeconds",
        integer(
            mapper,
            "If specified, the time in seconds before the operation should be retried.",
            "int32"));
    p.set(
        "uid",
        string(
            mapper,
            "UID of the resource (when there is a single resource which can be described)."));
    return schema;
  }

  private static ObjectNode statusCause(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "StatusCause provides more information about an api.Status failure, including cases"
                + " when multiple errors are encountered.");
    ObjectNode p = schema.putObject("properties");
    p.set(
        "field",
        string(
            mapper,
            "The field of the resource that has caused this error, as named by its JSON serialization."));
    p.set("message", string(mapper, "A human-readable description of the cause of the error."));
    p.set("reason", string(mapper, "A machine-readable description of the cause of the error."));
    return schema;
  }

  private static ObjectNode deleteOptions(ObjectMapper mapper) {
    ObjectNode schema =
        object(mapper, "DeleteOptions may be provided when deleting an API object.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", apiVersion(mapper));
    ObjectNode dryRun =
        stringArray(
            mapper,
            "When present, indicates that modifications should not be persisted (the embedded"
                + " server persists them anyway).");
    dryRun.put("x-kubernetes-list-type", "atomic");
    p.set("dryRun", dryRun);
    p.set(
        "gracePeriodSeconds",
        integer(mapper, "The duration in seconds before the object should be deleted.", "int64"));
    p.set("kind", kind(mapper));
    p.set(
        "preconditions",
        refWithDescription(
            mapper, META + "Preconditions", "Must be fulfilled before a deletion is carried out."));
    p.set(
        "propagationPolicy",
        string(
            mapper,
            "Whether and how garbage collection will be performed: 'Orphan', 'Background' or"
                + " 'Foreground'."));
    return schema;
  }

  private static ObjectNode preconditions(ObjectMapper mapper) {
    ObjectNode schema =
        object(
            mapper,
            "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried"
                + " out.");
    ObjectNode p = schema.putObject("properties");
    p.set("resourceVersion", string(mapper, "Specifies the target ResourceVersion"));
    p.set("uid", string(mapper, "Specifies the target UID."));
    return schema;
  }

  private static ObjectNode patch(ObjectMapper mapper) {
    return object(
        mapper,
        "Patch is provided to give a concrete name and type to the Kubernetes PATCH request"
            + " body.");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static ObjectNode object(ObjectMapper mapper, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "object");
    return node;
  }

  private static ObjectNode string(ObjectMapper mapper, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "string");
    return node;
  }

  private static ObjectNode bool(ObjectMapper mapper, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "boolean");
    return node;
  }

  private static ObjectNode integer(ObjectMapper mapper, String description, String format) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "integer");
    node.put("format", format);
    return node;
  }

  private static ObjectNode stringMap(ObjectMapper mapper, String description) {
    ObjectNode node = object(mapper, description);
    node.putObject("additionalProperties").put("type", "string").put("default", "");
    return node;
  }

  private static ObjectNode stringArray(ObjectMapper mapper, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "array");
    node.putObject("items").put("type", "string").put("default", "");
    return node;
  }

  private static ObjectNode arrayOfRef(ObjectMapper mapper, String schemaName, String description) {
    ObjectNode node = mapper.createObjectNode();
    node.put("description", description);
    node.put("type", "array");
    ObjectNode items = node.putObject("items");
    items.putArray("allOf").addObject().put("$ref", OpenApiDocuments.SCHEMAS + schemaName);
    items.putObject("default");
    return node;
  }
}
