/**
 * The management plane's REST API (docs/management.md "REST API", "Commands"). Nothing here is exported: the bundle offers no
 * Java API, only its HTTP one ({@code /api/v1/openapi}).
 */
package org.gatehouse.management;
