/**
 * Classification (docs/data-plane.md "Classification"): {@link
 * org.gatehouse.flow.engine.internal.classify.Classifier} gives a request head its message type, trying
 * message types in document order, first match wins, with candidates indexed by listener so that
 * a miss allocates nothing. When a match needs the body, the head cannot decide, and the answer
 * carries the candidates the body then picks among. It runs no flow: a hit hands out a {@link
 * org.gatehouse.flow.engine.internal.classify.ClassifiedType}, which does. Internal to the bundle, not
 * exported.
 */
package org.gatehouse.flow.engine.internal.classify;
