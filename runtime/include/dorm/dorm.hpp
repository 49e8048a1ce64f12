#pragma once
// The whole dorm runtime: include this (generated headers do).
#include "dorm/column.hpp"
#include "dorm/cursor.hpp"
#include "dorm/database.hpp"
#include "dorm/error.hpp"
#include "dorm/expr/comparison.hpp"
#include "dorm/expr/logical.hpp"
#include "dorm/model.hpp"
#include "dorm/query/select.hpp"
#include "dorm/statement.hpp"
#include "dorm/transaction.hpp"
