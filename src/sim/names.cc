#include "sim/names.h"

#include <array>
#include <string_view>

namespace onecode::sim {
namespace {

struct Weighted {
  std::string_view text;
  int weight;  // roughly per-mille of the population (2020 census order)
};

constexpr Weighted kSurnames[] = {
    {"王", 71}, {"李", 70}, {"张", 64}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 23}, {"赵", 22},
    {"吴", 20}, {"周", 19}, {"徐", 14}, {"孙", 14}, {"马", 13}, {"朱", 12}, {"胡", 11}, {"郭", 11},
    {"何", 10}, {"林", 10}, {"高", 10}, {"罗", 9},  {"郑", 9},  {"梁", 8},  {"谢", 7},  {"宋", 7},
    {"唐", 7},  {"许", 6},  {"韩", 6},  {"邓", 6},  {"冯", 6},  {"曹", 5},  {"彭", 5},  {"曾", 5},
    {"肖", 5},  {"田", 5},  {"董", 5},  {"潘", 4},  {"袁", 4},  {"蔡", 4},  {"蒋", 4},  {"余", 4},
    {"于", 4},  {"杜", 4},  {"叶", 4},  {"程", 4},  {"魏", 3},  {"苏", 3},  {"吕", 3},  {"丁", 3},
    {"任", 3},  {"卢", 3},  {"姚", 3},  {"沈", 3},  {"钟", 3},  {"姜", 3},  {"崔", 3},  {"谭", 3},
    {"陆", 3},  {"范", 2},  {"汪", 2},  {"廖", 2},  {"石", 2},  {"金", 2},  {"韦", 2},  {"贾", 2},
    {"夏", 2},  {"付", 2},  {"方", 2},  {"邹", 2},  {"熊", 2},  {"白", 2},  {"孟", 2},  {"秦", 2},
    {"邱", 2},  {"侯", 2},  {"江", 2},  {"尹", 2},  {"薛", 2},  {"闫", 2},  {"段", 2},  {"雷", 2},
    {"欧阳", 1}, {"司马", 1}, {"上官", 1}, {"诸葛", 1},
};

constexpr std::string_view kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "玲", "飞", "鹏", "红",
    "玉", "兰", "晓", "婷", "雪", "梅", "琳", "斌", "宇", "浩", "凯", "健", "俊", "帆", "欣", "怡",
    "子", "涵", "梓", "轩", "博", "睿", "思", "雨", "嘉", "诗", "佳", "瑶", "泽", "宁", "志", "海",
    "波", "晨", "阳", "昊", "然", "一", "心", "悦", "诺", "琪", "慧", "颖", "倩", "彤", "萱", "璐",
    "春", "冬", "秋", "荣", "德", "福", "成", "林", "森", "龙", "凤", "云", "峰", "亮", "东", "新",
};

constexpr std::string_view kStems[] = {
    "临", "安", "平", "江", "宁", "华", "阳", "清", "永", "新", "丰", "河", "山", "东", "西", "南",
    "北", "长", "泉", "云", "青", "石", "金", "龙", "兴", "盛", "昌", "德", "林", "溪", "桥", "城",
    "川", "岭", "湖", "源", "阜", "宜", "崇", "嘉", "武", "富", "汉", "广", "隆", "泰", "顺", "和",
};

int TotalSurnameWeight() {
  int total = 0;
  for (const Weighted& w : kSurnames) total += w.weight;
  return total;
}

}  // namespace

std::string PersonName(Rng& rng) {
  static const int total = TotalSurnameWeight();
  int pick = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  std::string name;
  for (const Weighted& w : kSurnames) {
    if (pick < w.weight) { name = w.text; break; }
    pick -= w.weight;
  }
  constexpr size_t kGivenCount = sizeof(kGiven) / sizeof(kGiven[0]);
  name += kGiven[rng.Below(kGivenCount)];
  if (rng.Bernoulli(0.8)) name += kGiven[rng.Below(kGivenCount)];
  return name;
}

std::string PlaceStem(Rng& rng) {
  constexpr size_t n = sizeof(kStems) / sizeof(kStems[0]);
  const size_t a = rng.Below(n);
  size_t b = rng.Below(n - 1);
  if (b >= a) ++b;
  return std::string(kStems[a]) + std::string(kStems[b]);
}

}  // namespace onecode::sim
