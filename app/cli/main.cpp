#include <ferry/model/Version.hpp>

#include <iostream>

int main() {
    std::cout << "ferry-cli " << ferry::model::ferryVersion() << "\n";
    return 0;
}
