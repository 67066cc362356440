// Tile-grid cartogram of China's 31 provincial-level units of the mainland: one square per unit at its
// approximate position. Layout: grid "china_prov_grid1" of the R package geofacet (Ryan Hafen and
// contributors, https://hafen.github.io/geofacet/, MIT licence — see china-tiles.LICENSE.txt), rows and
// columns as published there; Taiwan, Hong Kong and Macau, which the model has no scenario for, are left out.
// Each unit: [code, row, col, English name, other spellings a scenario may use].
"use strict";
const CHINA_TILES = [
  ["HL", 1, 10, "Heilongjiang", []], ["NM", 2, 7, "Inner Mongolia", ["neimenggu", "neimongol", "innermongolia"]],
  ["JL", 2, 10, "Jilin", []], ["XJ", 2, 1, "Xinjiang", []], ["BJ", 3, 8, "Beijing", []], ["LN", 3, 9, "Liaoning", []],
  ["NX", 3, 5, "Ningxia", []], ["TJ", 4, 8, "Tianjin", []], ["HE", 4, 7, "Hebei", []], ["QH", 4, 2, "Qinghai", []],
  ["HA", 5, 7, "Henan", []], ["SX", 5, 6, "Shanxi", []], ["SD", 5, 8, "Shandong", []], ["GS", 5, 4, "Gansu", []],
  ["HB", 6, 6, "Hubei", []], ["AH", 6, 7, "Anhui", []], ["SH", 6, 9, "Shanghai", []], ["SN", 6, 5, "Shaanxi", []],
  ["JS", 6, 8, "Jiangsu", []], ["HN", 7, 6, "Hunan", []], ["CQ", 7, 5, "Chongqing", []], ["ZJ", 7, 8, "Zhejiang", []],
  ["XZ", 7, 2, "Tibet", ["xizang"]], ["SC", 7, 4, "Sichuan", []], ["JX", 8, 7, "Jiangxi", []], ["GZ", 8, 5, "Guizhou", []],
  ["FJ", 8, 8, "Fujian", []], ["YN", 9, 4, "Yunnan", []], ["GX", 9, 6, "Guangxi", []], ["GD", 9, 7, "Guangdong", []],
  ["HI", 11, 7, "Hainan", []],
];
