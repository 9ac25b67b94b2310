/// The reference ToolHive registry schema (JSON Schema draft-07, annotations removed), widened in two places:
/// `image` also accepts HiveKeep's process forms (`uvx://`, `npx://`, `exec://`), and entry names may contain
/// `.`, `_`, `/` and capitals (reverse-DNS names such as `io.github.example/server`).
enum RegistrySchema {
    /// The schema as JSON text.
    static let text = #"""
        {
          "definitions": {
            "environment_variable": {
              "additionalProperties": false,
              "properties": {
                "default": {
                  "type": "string"
                },
                "description": {
                  "maxLength": 200,
                  "minLength": 5,
                  "type": "string"
                },
                "name": {
                  "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                  "type": "string"
                },
                "required": {
                  "type": "boolean"
                },
                "secret": {
                  "type": "boolean"
                }
              },
              "required": [
                "name",
                "description",
                "required"
              ],
              "type": "object"
            },
            "group": {
              "additionalProperties": false,
              "properties": {
                "description": {
                  "maxLength": 500,
                  "minLength": 10,
                  "type": "string"
                },
                "name": {
                  "maxLength": 100,
                  "minLength": 1,
                  "pattern": "^[a-z0-9][a-z0-9-]*[a-z0-9]$",
                  "type": "string"
                },
                "remote_servers": {
                  "additionalProperties": false,
                  "patternProperties": {
                    "^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$": {
                      "$ref": "#/definitions/remote_server"
                    }
                  },
                  "type": "object"
                },
                "servers": {
                  "additionalProperties": false,
                  "patternProperties": {
                    "^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$": {
                      "$ref": "#/definitions/server"
                    }
                  },
                  "type": "object"
                }
              },
              "required": [
                "name",
                "description"
              ],
              "type": "object"
            },
            "header": {
              "additionalProperties": false,
              "properties": {
                "choices": {
                  "items": {
                    "type": "string"
                  },
                  "type": "array",
                  "uniqueItems": true
                },
                "default": {
                  "type": "string"
                },
                "description": {
                  "maxLength": 200,
                  "minLength": 5,
                  "type": "string"
                },
                "name": {
                  "pattern": "^[A-Za-z0-9][A-Za-z0-9-]*$",
                  "type": "string"
                },
                "required": {
                  "type": "boolean"
                },
                "secret": {
                  "type": "boolean"
                }
              },
              "required": [
                "name",
                "description",
                "required"
              ],
              "type": "object"
            },
            "metadata": {
              "additionalProperties": false,
              "properties": {
                "last_updated": {
                  "format": "date-time",
                  "type": "string"
                },
                "pulls": {
                  "minimum": 0,
                  "type": "integer"
                },
                "stars": {
                  "minimum": 0,
                  "type": "integer"
                }
              },
              "type": "object"
            },
            "network_permissions": {
              "additionalProperties": false,
              "properties": {
                "outbound": {
                  "$ref": "#/definitions/outbound_permissions"
                }
              },
              "required": [],
              "type": "object"
            },
            "oauth_config": {
              "additionalProperties": false,
              "properties": {
                "authorize_url": {
                  "format": "uri",
                  "type": "string"
                },
                "client_id": {
                  "type": "string"
                },
                "issuer": {
                  "format": "uri",
                  "type": "string"
                },
                "scopes": {
                  "items": {
                    "type": "string"
                  },
                  "type": "array"
                },
                "token_url": {
                  "format": "uri",
                  "type": "string"
                },
                "use_pkce": {
                  "type": "boolean"
                }
              },
              "type": "object"
            },
            "outbound_permissions": {
              "additionalProperties": false,
              "properties": {
                "allow_host": {
                  "items": {
                    "anyOf": [
                      {
                        "format": "hostname"
                      },
                      {
                        "pattern": "^\\.[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$"
                      }
                    ],
                    "type": "string"
                  },
                  "type": "array",
                  "uniqueItems": true
                },
                "allow_port": {
                  "items": {
                    "maximum": 65535,
                    "minimum": 1,
                    "type": "integer"
                  },
                  "type": "array",
                  "uniqueItems": true
                },
                "insecure_allow_all": {
                  "type": "boolean"
                }
              },
              "required": [],
              "type": "object"
            },
            "permissions": {
              "additionalProperties": false,
              "properties": {
                "network": {
                  "$ref": "#/definitions/network_permissions"
                },
                "privileged": {
                  "type": "boolean"
                },
                "read": {
                  "items": {
                    "pattern": "^(/[^/\\0]+)+/?$",
                    "type": "string"
                  },
                  "type": "array",
                  "uniqueItems": true
                },
                "write": {
                  "items": {
                    "pattern": "^(/[^/\\0]+)+/?$",
                    "type": "string"
                  },
                  "type": "array",
                  "uniqueItems": true
                }
              },
              "required": [],
              "type": "object"
            },
            "provenance": {
              "additionalProperties": false,
              "properties": {
                "attestation": {
                  "$ref": "#/definitions/verified_attestation"
                },
                "cert_issuer": {
                  "format": "uri",
                  "type": "string"
                },
                "repository_ref": {
                  "type": "string"
                },
                "repository_uri": {
                  "format": "uri",
                  "type": "string"
                },
                "runner_environment": {
                  "type": "string"
                },
                "signer_identity": {
                  "type": "string"
                },
                "sigstore_url": {
                  "format": "hostname",
                  "type": "string"
                }
              },
              "type": "object"
            },
            "remote_server": {
              "additionalProperties": false,
              "properties": {
                "custom_metadata": {
                  "additionalProperties": true,
                  "type": "object"
                },
                "description": {
                  "maxLength": 500,
                  "minLength": 10,
                  "type": "string"
                },
                "env_vars": {
                  "items": {
                    "$ref": "#/definitions/environment_variable"
                  },
                  "type": "array"
                },
                "headers": {
                  "items": {
                    "$ref": "#/definitions/header"
                  },
                  "type": "array"
                },
                "metadata": {
                  "$ref": "#/definitions/metadata"
                },
                "name": {
                  "type": "string"
                },
                "oauth_config": {
                  "$ref": "#/definitions/oauth_config"
                },
                "repository_url": {
                  "format": "uri",
                  "type": "string"
                },
                "status": {
                  "enum": [
                    "Active",
                    "Deprecated"
                  ],
                  "type": "string"
                },
                "tags": {
                  "items": {
                    "pattern": "^[a-z0-9][a-z0-9_-]*[a-z0-9]$",
                    "type": "string"
                  },
                  "minItems": 1,
                  "type": "array",
                  "uniqueItems": true
                },
                "tier": {
                  "enum": [
                    "Official",
                    "Community"
                  ],
                  "type": "string"
                },
                "tools": {
                  "items": {
                    "pattern": "^[\\w-]+$",
                    "type": "string"
                  },
                  "minItems": 1,
                  "type": "array",
                  "uniqueItems": true
                },
                "transport": {
                  "enum": [
                    "sse",
                    "streamable-http"
                  ],
                  "type": "string"
                },
                "url": {
                  "format": "uri",
                  "type": "string"
                }
              },
              "required": [
                "url",
                "description",
                "status",
                "tier",
                "tools",
                "transport"
              ],
              "type": "object"
            },
            "server": {
              "additionalProperties": false,
              "properties": {
                "args": {
                  "items": {
                    "type": "string"
                  },
                  "type": "array"
                },
                "custom_metadata": {
                  "additionalProperties": true,
                  "type": "object"
                },
                "description": {
                  "maxLength": 500,
                  "minLength": 10,
                  "type": "string"
                },
                "docker_tags": {
                  "items": {
                    "type": "string"
                  },
                  "type": "array",
                  "uniqueItems": true
                },
                "env_vars": {
                  "items": {
                    "$ref": "#/definitions/environment_variable"
                  },
                  "type": "array"
                },
                "image": {
                  "anyOf": [
                    {
                      "pattern": "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:([a-zA-Z0-9][a-zA-Z0-9._-]*))?$"
                    },
                    {
                      "pattern": "^(uvx|npx)://[^\\s]+$"
                    },
                    {
                      "pattern": "^exec://[^\\s]+$"
                    }
                  ],
                  "type": "string"
                },
                "metadata": {
                  "$ref": "#/definitions/metadata"
                },
                "name": {
                  "type": "string"
                },
                "permissions": {
                  "$ref": "#/definitions/permissions"
                },
                "provenance": {
                  "$ref": "#/definitions/provenance"
                },
                "proxy_port": {
                  "maximum": 65535,
                  "minimum": 1,
                  "type": "integer"
                },
                "repository_url": {
                  "format": "uri",
                  "type": "string"
                },
                "status": {
                  "enum": [
                    "Active",
                    "Deprecated"
                  ],
                  "type": "string"
                },
                "tags": {
                  "items": {
                    "pattern": "^[a-z0-9][a-z0-9_-]*[a-z0-9]$",
                    "type": "string"
                  },
                  "minItems": 1,
                  "type": "array",
                  "uniqueItems": true
                },
                "target_port": {
                  "maximum": 65535,
                  "minimum": 1,
                  "type": "integer"
                },
                "tier": {
                  "enum": [
                    "Official",
                    "Community"
                  ],
                  "type": "string"
                },
                "tools": {
                  "items": {
                    "pattern": "^[\\w-]+$",
                    "type": "string"
                  },
                  "minItems": 1,
                  "type": "array",
                  "uniqueItems": true
                },
                "transport": {
                  "enum": [
                    "stdio",
                    "sse",
                    "streamable-http"
                  ],
                  "type": "string"
                }
              },
              "required": [
                "description",
                "image",
                "status",
                "tier",
                "tools",
                "transport"
              ],
              "type": "object"
            },
            "verified_attestation": {
              "additionalProperties": false,
              "properties": {
                "predicate": {},
                "predicate_type": {
                  "format": "uri",
                  "type": "string"
                }
              },
              "type": "object"
            }
          },
          "properties": {
            "groups": {
              "items": {
                "$ref": "#/definitions/group"
              },
              "type": "array"
            },
            "last_updated": {
              "format": "date-time",
              "type": "string"
            },
            "remote_servers": {
              "additionalProperties": false,
              "patternProperties": {
                "^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$": {
                  "$ref": "#/definitions/remote_server"
                }
              },
              "type": "object"
            },
            "servers": {
              "additionalProperties": false,
              "patternProperties": {
                "^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$": {
                  "$ref": "#/definitions/server"
                }
              },
              "type": "object"
            },
            "version": {
              "pattern": "^\\d+\\.\\d+\\.\\d+$",
              "type": "string"
            }
          },
          "required": [
            "last_updated",
            "servers",
            "version"
          ],
          "type": "object"
        }
        """#
}
