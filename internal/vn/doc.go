// Package vn holds the Vietnamese text basics that every part of Cổng
// shares: cleaning user and document input (Unicode NFC, control-character
// removal and the "ƣ" PDF-artefact repair), diacritic-insensitive folding
// for search, URL slugs, dates written the way Vietnamese administrative
// documents write them, and Vietnamese alphabetical ordering with a
// storable sort key.
//
// Input paths call [Clean] or [CleanMultiline] once at the edge so the rest
// of the portal can assume well-formed NFC text; search and index code
// calls [Fold]; listings sort with [Compare], [SortStrings] or a stored
// [SortKey].
package vn
