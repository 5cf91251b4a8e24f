/**
 * The management plane's REST API (SPEC 8, 9). Nothing here is exported: the bundle offers no
 * Java API, only its HTTP one ({@code /api/v1/openapi}).
 */
package org.gatehouse.management;
