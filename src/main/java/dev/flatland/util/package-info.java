/**
 * Small data structures and bit helpers with no domain knowledge ({@code Bits}). Imports nothing from Flatland.
 */
package dev.flatland.util;
