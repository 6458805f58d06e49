// SPDX-License-Identifier: Apache-2.0
// Generated from openapi/pairwatch-api.json by scripts/embed-openapi.sh (make openapi); edit the JSON file, not this one.

extension OpenAPIDocument {
    static let text = ##"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "pairwatch API",
            "version": "1",
            "description": "Read the state of every monitored pair, its history, the stored bars and the daemon's status; follow updates as Server-Sent Events; upload trade files. Errors are JSON {\"error\": \"...\", \"detail\": {...}} with a 4xx status. Times are RFC 3339 (UTC, milliseconds) with a *_ms twin in milliseconds since the epoch; query times accept either form. Lists are paged with limit and the next link.",
            "license": {
              "name": "Apache-2.0",
              "identifier": "Apache-2.0"
            }
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "paths": {
            "/api/v1/pairs": {
              "get": {
                "operationId": "listPairs",
                "summary": "Every monitored pair and timeframe with its latest statistics",
                "parameters": [
                  {
                    "name": "pair",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "examples": [
                        "BTCUSDT/ETHUSDT"
                      ]
                    },
                    "description": "Only this pair (A/B)."
                  },
                  {
                    "name": "timeframe",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "examples": [
                        "1m"
                      ]
                    },
                    "description": "Only this timeframe."
                  },
                  {
                    "$ref": "#/components/parameters/limitPairs"
                  },
                  {
                    "name": "cursor",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "pattern": "^[A-Z0-9]+/[A-Z0-9]+/[0-9]+(ms|s|m|h|d)$",
                      "examples": [
                        "BTCUSDT/ETHUSDT/1m"
                      ]
                    },
                    "description": "The first series of the page (A/B/timeframe), as a previous page's next link gives it."
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The series, ordered by pair then timeframe length.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PairList"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "A query parameter does not parse or is out of range.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "The pair or timeframe is not monitored.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/pairs/{a}/{b}/{timeframe}/history": {
              "get": {
                "operationId": "pairHistory",
                "summary": "The pair's statistics after each stored bar (as pairwatch analyze --rolling)",
                "parameters": [
                  {
                    "name": "a",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "examples": [
                        "BTCUSDT"
                      ]
                    },
                    "description": "Leg A, e.g. BTCUSDT."
                  },
                  {
                    "name": "b",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "examples": [
                        "ETHUSDT"
                      ]
                    },
                    "description": "Leg B, e.g. ETHUSDT."
                  },
                  {
                    "name": "timeframe",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "examples": [
                        "1m"
                      ]
                    },
                    "description": "A timeframe the pair is monitored on, e.g. 1m."
                  },
                  {
                    "$ref": "#/components/parameters/from"
                  },
                  {
                    "$ref": "#/components/parameters/to"
                  },
                  {
                    "$ref": "#/components/parameters/limit"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Rows whose bar ends in [from, to), oldest first; only bars at which the window is full.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PairHistory"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "A query parameter does not parse or is out of range.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "The pair or timeframe is not monitored.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/bars": {
              "get": {
                "operationId": "listBars",
                "summary": "Stored bars of one symbol",
                "parameters": [
                  {
                    "name": "symbol",
                    "in": "query",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "examples": [
                        "BTCUSDT"
                      ]
                    },
                    "description": "A configured symbol."
                  },
                  {
                    "name": "timeframe",
                    "in": "query",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "examples": [
                        "1m"
                      ]
                    },
                    "description": "A configured timeframe."
                  },
                  {
                    "$ref": "#/components/parameters/from"
                  },
                  {
                    "$ref": "#/components/parameters/to"
                  },
                  {
                    "$ref": "#/components/parameters/limit"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Bars starting in [from, to), oldest first.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/BarList"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "A query parameter is missing, does not parse or is out of range.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "The symbol or timeframe is not configured.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/status": {
              "get": {
                "operationId": "status",
                "summary": "Version, uptime, feed, storage, configuration and last reload",
                "responses": {
                  "200": {
                    "description": "The daemon's status.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Status"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/alerts": {
              "get": {
                "operationId": "listAlerts",
                "summary": "Pending, firing and recently resolved alerts (Prometheus' /api/v1/alerts shape)",
                "responses": {
                  "200": {
                    "description": "The alerts.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AlertList"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/trades": {
              "post": {
                "operationId": "uploadTrades",
                "summary": "Import a trade CSV (as pairwatch import does), all or nothing",
                "description": "The body is the CSV itself, streamed into one import transaction: a bad row stores nothing. Needs `Authorization: Bearer <token>` with the token of `web.api_token_file`; without that setting uploads are disabled. Before a 200 answer, every pair with a leg among the uploaded symbols is restored from the stored bars, as at a restart.",
                "security": [
                  {
                    "bearer": []
                  }
                ],
                "parameters": [
                  {
                    "name": "format",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "auto",
                        "seed",
                        "aggtrades",
                        "trades"
                      ],
                      "default": "auto"
                    },
                    "description": "The file's format; auto tells it from the header."
                  },
                  {
                    "name": "symbol",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "pattern": "^[A-Z0-9]+$"
                    },
                    "description": "The symbol of every row, for formats without a symbol column (Binance aggTrades and trades files)."
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "text/csv": {
                      "schema": {
                        "type": "string"
                      }
                    },
                    "application/octet-stream": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Imported.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/UploadSummary"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "A row does not parse (detail names line and column), the format cannot be told, a query parameter is wrong, or the body is empty.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "The token is missing or wrong.",
                    "headers": {
                      "WWW-Authenticate": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "403": {
                    "description": "Uploads are disabled: web.api_token_file is not set.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "408": {
                    "description": "The body stopped arriving.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "The body is larger than web.max_upload_bytes.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "The database could not be written.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/stream": {
              "get": {
                "operationId": "stream",
                "summary": "Server-Sent Events: every new pair snapshot and alert transition as it happens",
                "description": "Events `snapshot` (data: pair, timeframe, time, time_ms, samples and every statistic, null when unavailable) and `alert` (alertname, labels, from, to, value, at, at_ms, fingerprint), each with an increasing `id:`; `: heartbeat` comments every 15 s; `retry: 2000` first. A client resuming with `Last-Event-ID` (or `?last_event_id=`) gets every later event still buffered (the last 10,000), or first an event `reset` saying how many were lost. A client that falls behind the buffer is disconnected.",
                "parameters": [
                  {
                    "name": "Last-Event-ID",
                    "in": "header",
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9]+$"
                    },
                    "description": "The id of the last event received; wins over the query parameter."
                  },
                  {
                    "name": "last_event_id",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9]+$"
                    },
                    "description": "The same, for clients that cannot set headers."
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The event stream (it does not end while the daemon runs).",
                    "content": {
                      "text/event-stream": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "Last-Event-ID or last_event_id is not a non-negative integer.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "The daemon is shutting down.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "components": {
            "parameters": {
              "from": {
                "name": "from",
                "in": "query",
                "schema": {
                  "oneOf": [
                    {
                      "type": "string",
                      "format": "date-time"
                    },
                    {
                      "type": "integer",
                      "minimum": 0,
                      "maximum": 253402300799999
                    }
                  ]
                },
                "examples": {
                  "rfc3339": {
                    "value": "2024-01-01T00:00:00Z"
                  },
                  "ms": {
                    "value": "1704067200000"
                  }
                },
                "description": "Earliest time, included: RFC 3339 or milliseconds since the epoch."
              },
              "to": {
                "name": "to",
                "in": "query",
                "schema": {
                  "oneOf": [
                    {
                      "type": "string",
                      "format": "date-time"
                    },
                    {
                      "type": "integer",
                      "minimum": 0,
                      "maximum": 253402300799999
                    }
                  ]
                },
                "description": "Latest time, excluded: RFC 3339 or milliseconds since the epoch."
              },
              "limit": {
                "name": "limit",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 10000,
                  "default": 1000
                },
                "description": "Most items in a page."
              },
              "limitPairs": {
                "name": "limit",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 10000,
                  "default": 10000
                },
                "description": "Most series in a page."
              }
            },
            "schemas": {
              "Error": {
                "type": "object",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "string",
                    "description": "What went wrong, in a sentence."
                  },
                  "detail": {
                    "type": "object",
                    "additionalProperties": {
                      "type": [
                        "string",
                        "integer"
                      ]
                    },
                    "description": "The parameter, line, column or field at fault and what was expected."
                  }
                }
              },
              "PairStatistics": {
                "type": "object",
                "required": [
                  "time",
                  "time_ms",
                  "samples",
                  "hedge_ratio",
                  "intercept",
                  "spread",
                  "zscore",
                  "adf_statistic",
                  "adf_pvalue",
                  "coint_pvalue",
                  "half_life_bars",
                  "half_life_seconds",
                  "correlation",
                  "unavailable"
                ],
                "properties": {
                  "time": {
                    "type": "string",
                    "format": "date-time",
                    "description": "End of the latest bar in the window (RFC 3339, UTC, milliseconds)."
                  },
                  "time_ms": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The same time in milliseconds since the epoch."
                  },
                  "samples": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Bars of both legs in the window."
                  },
                  "hedge_ratio": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Hedge ratio beta of A on B (a = alpha + beta * b) by the pair's method."
                  },
                  "intercept": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Intercept alpha of the hedge regression."
                  },
                  "spread": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Latest spread a - beta * b."
                  },
                  "zscore": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Z-score of the latest spread over the z-score window."
                  },
                  "adf_statistic": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Augmented Dickey-Fuller statistic of the spread (constant, AIC lag)."
                  },
                  "adf_pvalue": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "MacKinnon p-value of the ADF test."
                  },
                  "coint_pvalue": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Engle-Granger cointegration p-value of A on B."
                  },
                  "half_life_bars": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Half-life of mean reversion of the spread, in bars."
                  },
                  "half_life_seconds": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "The half-life in seconds."
                  },
                  "correlation": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "Pearson correlation of the closes of A and B."
                  },
                  "unavailable": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    },
                    "description": "For each statistic that is null, why it could not be computed."
                  }
                }
              },
              "PairSeries": {
                "type": "object",
                "required": [
                  "pair",
                  "a",
                  "b",
                  "timeframe",
                  "method",
                  "window",
                  "zscore_window",
                  "statistics"
                ],
                "properties": {
                  "pair": {
                    "type": "string",
                    "examples": [
                      "BTCUSDT/ETHUSDT"
                    ]
                  },
                  "a": {
                    "type": "string"
                  },
                  "b": {
                    "type": "string"
                  },
                  "timeframe": {
                    "type": "string",
                    "examples": [
                      "1m"
                    ]
                  },
                  "method": {
                    "type": "string",
                    "enum": [
                      "ols",
                      "huber"
                    ]
                  },
                  "window": {
                    "type": "integer"
                  },
                  "zscore_window": {
                    "type": "integer"
                  },
                  "statistics": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/PairStatistics"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "null until both legs have a common bar."
                  }
                }
              },
              "PairList": {
                "type": "object",
                "required": [
                  "data",
                  "next"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/PairSeries"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Link to the next page; null on the last."
                  }
                }
              },
              "PairHistory": {
                "type": "object",
                "required": [
                  "pair",
                  "timeframe",
                  "method",
                  "window",
                  "zscore_window",
                  "data",
                  "next"
                ],
                "properties": {
                  "pair": {
                    "type": "string"
                  },
                  "timeframe": {
                    "type": "string"
                  },
                  "method": {
                    "type": "string",
                    "enum": [
                      "ols",
                      "huber"
                    ]
                  },
                  "window": {
                    "type": "integer"
                  },
                  "zscore_window": {
                    "type": "integer"
                  },
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/PairStatistics"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Link to the next page; null on the last."
                  }
                }
              },
              "Bar": {
                "type": "object",
                "required": [
                  "time",
                  "time_ms",
                  "open",
                  "high",
                  "low",
                  "close",
                  "volume",
                  "trades"
                ],
                "properties": {
                  "time": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Start of the bar's interval."
                  },
                  "time_ms": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "open": {
                    "type": "number"
                  },
                  "high": {
                    "type": "number"
                  },
                  "low": {
                    "type": "number"
                  },
                  "close": {
                    "type": "number"
                  },
                  "volume": {
                    "type": "number",
                    "description": "Base-asset quantity traded; 0 for an interval without trades (its prices carry the previous close)."
                  },
                  "trades": {
                    "type": "integer",
                    "minimum": 0
                  }
                }
              },
              "BarList": {
                "type": "object",
                "required": [
                  "symbol",
                  "timeframe",
                  "data",
                  "next"
                ],
                "properties": {
                  "symbol": {
                    "type": "string"
                  },
                  "timeframe": {
                    "type": "string"
                  },
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Bar"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Link to the next page; null on the last."
                  }
                }
              },
              "Status": {
                "type": "object",
                "required": [
                  "version",
                  "revision",
                  "started_at",
                  "started_at_ms",
                  "uptime_seconds",
                  "ready",
                  "not_ready_reason",
                  "feed",
                  "storage",
                  "configuration",
                  "last_reload"
                ],
                "properties": {
                  "version": {
                    "type": "string"
                  },
                  "revision": {
                    "type": "string"
                  },
                  "started_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "started_at_ms": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "uptime_seconds": {
                    "type": "number"
                  },
                  "ready": {
                    "type": "boolean"
                  },
                  "not_ready_reason": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "feed": {
                    "type": "object",
                    "required": [
                      "source",
                      "connections",
                      "messages_total",
                      "decode_errors_total",
                      "reconnects_total"
                    ],
                    "properties": {
                      "source": {
                        "type": "string",
                        "enum": [
                          "simulate",
                          "binance",
                          "replay"
                        ]
                      },
                      "connections": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": [
                            "name",
                            "up",
                            "last_message_at",
                            "last_message_age_seconds",
                            "problem"
                          ],
                          "properties": {
                            "name": {
                              "type": "string"
                            },
                            "up": {
                              "type": "boolean"
                            },
                            "last_message_at": {
                              "type": [
                                "string",
                                "null"
                              ],
                              "format": "date-time"
                            },
                            "last_message_age_seconds": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "problem": {
                              "type": [
                                "string",
                                "null"
                              ],
                              "description": "Why the connection is down, in words."
                            }
                          }
                        }
                      },
                      "messages_total": {
                        "type": "integer"
                      },
                      "decode_errors_total": {
                        "type": "integer"
                      },
                      "reconnects_total": {
                        "type": "integer"
                      }
                    }
                  },
                  "storage": {
                    "type": "object",
                    "required": [
                      "path",
                      "size_bytes",
                      "trades_written_total",
                      "batches_total",
                      "write_errors_total",
                      "writable"
                    ],
                    "properties": {
                      "path": {
                        "type": "string"
                      },
                      "size_bytes": {
                        "type": "integer"
                      },
                      "trades_written_total": {
                        "type": "integer"
                      },
                      "batches_total": {
                        "type": "integer"
                      },
                      "write_errors_total": {
                        "type": "integer"
                      },
                      "writable": {
                        "type": "boolean",
                        "description": "false while the last write failed (the daemon is then not ready)."
                      }
                    }
                  },
                  "configuration": {
                    "type": "object",
                    "required": [
                      "symbols",
                      "timeframes",
                      "pairs",
                      "pair_series",
                      "alert_rules",
                      "receivers"
                    ],
                    "properties": {
                      "symbols": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      },
                      "timeframes": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      },
                      "pairs": {
                        "type": "integer"
                      },
                      "pair_series": {
                        "type": "integer"
                      },
                      "alert_rules": {
                        "type": "integer"
                      },
                      "receivers": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "last_reload": {
                    "type": "object",
                    "required": [
                      "successful",
                      "last_success_at",
                      "last_success_at_ms"
                    ],
                    "properties": {
                      "successful": {
                        "type": "boolean"
                      },
                      "last_success_at": {
                        "type": "string",
                        "format": "date-time"
                      },
                      "last_success_at_ms": {
                        "type": "integer",
                        "format": "int64"
                      }
                    }
                  }
                }
              },
              "AlertList": {
                "type": "object",
                "required": [
                  "status",
                  "data"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "const": "success"
                  },
                  "data": {
                    "type": "object",
                    "required": [
                      "alerts"
                    ],
                    "properties": {
                      "alerts": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": [
                            "labels",
                            "annotations",
                            "state",
                            "activeAt",
                            "fingerprint"
                          ],
                          "properties": {
                            "labels": {
                              "type": "object",
                              "additionalProperties": {
                                "type": "string"
                              }
                            },
                            "annotations": {
                              "type": "object",
                              "additionalProperties": {
                                "type": "string"
                              }
                            },
                            "state": {
                              "type": "string",
                              "enum": [
                                "pending",
                                "firing",
                                "resolved"
                              ]
                            },
                            "activeAt": {
                              "type": "string",
                              "format": "date-time"
                            },
                            "firedAt": {
                              "type": "string",
                              "format": "date-time"
                            },
                            "resolvedAt": {
                              "type": "string",
                              "format": "date-time"
                            },
                            "value": {
                              "type": "string"
                            },
                            "fingerprint": {
                              "type": "string"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "UploadSummary": {
                "type": "object",
                "required": [
                  "rows_read",
                  "inserted",
                  "duplicates",
                  "bars_written",
                  "format",
                  "symbols"
                ],
                "properties": {
                  "rows_read": {
                    "type": "integer"
                  },
                  "inserted": {
                    "type": "integer",
                    "description": "Trades new to the database."
                  },
                  "duplicates": {
                    "type": "integer",
                    "description": "Trades already stored (same symbol and trade id), left as they were."
                  },
                  "bars_written": {
                    "type": "integer"
                  },
                  "format": {
                    "type": "string",
                    "enum": [
                      "seed",
                      "aggtrades",
                      "trades"
                    ]
                  },
                  "symbols": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              }
            },
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "The token in web.api_token_file."
              }
            }
          }
        }
        """##
}
